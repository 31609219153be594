/**
 * A conversation as a file: Markdown to read or share (questions, answers with their [n] citations,
 * and each answer's sources with pages; a conversation with the model alone says so, and the
 * conversation's own instructions are listed), or JSON with everything the app stores for the view
 * (answers whole: sources, timings, citation check) for scripts.
 */
import type { Conversation, ConversationExport, ConversationExportFormat } from '../../../src-shared/conversations';
import type { Lang } from '../../../src-shared/errors';

const LABELS: Record<
  Lang,
  {
    untitled: string;
    question: string;
    answer: string;
    sources: string;
    page: string;
    collection: string;
    library: string;
    created: string;
    failed: string;
    cancelled: string;
    extractive: string;
    modelOnly: string;
    instructions: string;
  }
> = {
  en: {
    untitled: 'Conversation',
    question: 'Question',
    answer: 'Answer',
    sources: 'Sources',
    page: 'p.',
    collection: 'Collection',
    library: 'whole library',
    created: 'Started',
    failed: 'No answer',
    cancelled: '(stopped)',
    extractive: '(no chat model: the most relevant passages)',
    modelOnly: 'Answered by the model alone: no document searched or cited',
    instructions: 'Instructions',
  },
  fr: {
    untitled: 'Conversation',
    question: 'Question',
    answer: 'Réponse',
    sources: 'Sources',
    page: 'p.',
    collection: 'Collection',
    library: 'toute la bibliothèque',
    created: 'Commencée le',
    failed: 'Pas de réponse',
    cancelled: '(interrompue)',
    extractive: '(sans modèle de conversation : les passages les plus pertinents)',
    modelOnly: 'Réponses du modèle seul : aucun document recherché ni cité',
    instructions: 'Consignes',
  },
};

export function exportConversation(conversation: Conversation, format: ConversationExportFormat, lang: Lang): ConversationExport {
  const base = fileBaseName(conversation.title) || 'conversation';
  if (format === 'json') {
    return { fileName: `${base}.json`, mime: 'application/json', content: JSON.stringify(conversation, null, 2) + '\n' };
  }
  return { fileName: `${base}.md`, mime: 'text/markdown', content: toMarkdown(conversation, lang) };
}

export function toMarkdown(conversation: Conversation, lang: Lang): string {
  const l = LABELS[lang];
  const lines: string[] = [`# ${conversation.title || l.untitled}`, ''];
  lines.push(`- ${l.created}: ${conversation.createdAt}`, conversation.mode === 'model' ? `- ${l.modelOnly}` : `- ${l.collection}: ${conversation.collection ?? l.library}`);
  if (conversation.instructions) lines.push(`- ${l.instructions}: ${conversation.instructions.replace(/\s*\n\s*/g, ' ')}`);
  lines.push('');
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      lines.push(`## ${l.question}`, '', message.content.trim(), '');
      continue;
    }
    lines.push(`### ${l.answer}`, '');
    const answer = message.answer;
    if (!answer) {
      lines.push(`_${l.failed}${message.error ? `: ${message.error.message}` : ''}_`, '');
      continue;
    }
    if (answer.mode === 'extractive') lines.push(`_${l.extractive}_`, '');
    lines.push(answer.answer.trim() + (answer.outcome === 'cancelled' ? ` ${l.cancelled}` : ''), '');
    if (answer.sources.length > 0) {
      lines.push(`**${l.sources}**`, '');
      for (const s of answer.sources) lines.push(`- [${s.n}] ${s.title}, ${l.page} ${s.page}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

/** A file name from the title: letters (accents kept), digits and dashes, no path characters. */
export function fileBaseName(title: string): string {
  return title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
