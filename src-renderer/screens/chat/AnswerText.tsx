/** The final answer with `[n]` markers turned into citation chips (only for real sources). */
import { useMemo } from 'react';
import type { Source } from '../../../src-shared/domain';
import { splitCitations } from '../../lib/citations';
import { CitationChip } from './CitationChip';

export function AnswerText({ text, sources }: { text: string; sources: Source[] }) {
  const parts = useMemo(() => {
    const byNumber = new Set(sources.map((s) => s.n));
    return splitCitations(text, byNumber);
  }, [text, sources]);
  return (
    <div className="answer-text" data-testid="answer-text">
      {parts.map((p, i) =>
        p.kind === 'text' ? <span key={i}>{p.text}</span> : <CitationChip key={i} source={sources.find((s) => s.n === p.n)!} />,
      )}
    </div>
  );
}
