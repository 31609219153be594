/**
 * The final answer as safe Markdown (lib/answerMarkdown: a tree rendered as React elements, never
 * HTML), with `[n]` markers as citation chips (only for real sources) and the sentences the citation
 * check found unsupported marked with a subtle underline and a tooltip.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CitationCheck, Source } from '../../../src-shared/domain';
import { parseAnswerMarkdown, type Block, type Inline } from '../../lib/answerMarkdown';
import { CitationChip } from './CitationChip';
import './answer.css';

interface Unsupported {
  start: number;
  end: number;
  cited: number[];
}

export function AnswerText({ text, sources, check }: { text: string; sources: Source[]; check?: CitationCheck | null }) {
  const { t } = useTranslation();
  const blocks = useMemo(() => parseAnswerMarkdown(text, new Set(sources.map((s) => s.n))), [text, sources]);
  const unsupported = useMemo<Unsupported[]>(
    () => (check?.sentences ?? []).filter((s) => s.supported === false).map((s) => ({ start: s.start, end: s.end, cited: s.cited })),
    [check],
  );

  const renderText = (value: string, start: number, key: string): ReactNode => {
    const end = start + value.length;
    const cuts = unsupported.filter((u) => u.start < end && u.end > start);
    if (cuts.length === 0) return <Fragment key={key}>{value}</Fragment>;
    const out: ReactNode[] = [];
    let at = start;
    cuts.forEach((u, i) => {
      const from = Math.max(u.start, start);
      const to = Math.min(u.end, end);
      if (from > at) out.push(value.slice(at - start, from - start));
      const label = t('citationCheck.unsupported', { sources: u.cited.map((n) => `[${n}]`).join(' ') });
      out.push(
        <span key={i} className="unsupported-sentence" data-testid="unsupported-sentence" title={label}>
          {value.slice(from - start, to - start)}
        </span>,
      );
      at = to;
    });
    if (at < end) out.push(value.slice(at - start));
    return <Fragment key={key}>{out}</Fragment>;
  };

  const renderInlines = (inlines: Inline[], prefix: string): ReactNode[] =>
    inlines.map((node, i) => {
      const key = `${prefix}.${i}`;
      switch (node.kind) {
        case 'text':
          return renderText(node.text, node.start, key);
        case 'code':
          return <code key={key}>{node.text}</code>;
        case 'strong':
          return <strong key={key}>{renderInlines(node.children, key)}</strong>;
        case 'em':
          return <em key={key}>{renderInlines(node.children, key)}</em>;
        case 'cite': {
          const source = sources.find((s) => s.n === node.n);
          return source ? <CitationChip key={key} source={source} /> : null;
        }
      }
    });

  const renderBlock = (block: Block, i: number): ReactNode => {
    const key = String(i);
    switch (block.kind) {
      case 'paragraph':
        return <p key={key}>{renderInlines(block.inlines, key)}</p>;
      case 'heading':
        // Answers sit under the page's own headings: their levels start at h3.
        return block.level <= 2 ? <h3 key={key}>{renderInlines(block.inlines, key)}</h3> : <h4 key={key}>{renderInlines(block.inlines, key)}</h4>;
      case 'list': {
        const items = block.items.map((item, j) => <li key={j}>{renderInlines(item, `${key}.${j}`)}</li>);
        return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
      }
      case 'quote':
        return <blockquote key={key}>{renderInlines(block.inlines, key)}</blockquote>;
      case 'code':
        return (
          <pre key={key}>
            <code>{block.text}</code>
          </pre>
        );
    }
  };

  return (
    <div className="answer-text answer-markdown" data-testid="answer-text">
      {blocks.map(renderBlock)}
      {check && check.unsupportedCount > 0 && (
        <p className="check-summary" data-testid="check-summary">
          {t('citationCheck.summary', { count: check.unsupportedCount })}
        </p>
      )}
    </div>
  );
}
