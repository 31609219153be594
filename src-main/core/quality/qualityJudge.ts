/**
 * The local model as a second opinion before anything leaves search. Each candidate passage (or
 * document) is put to the judge in the document's language with the questions and comments it drew;
 * its output is constrained to a JSON schema by node-llama-cpp's grammar (`jsonSchema`), validated
 * again with zod here, and time-boxed. Whatever goes wrong (output that does not parse, a time-out, a
 * crashed inference host) comes back as an error value: the run counts it and leaves the candidate to
 * a person, never decides on it.
 */
import { z } from 'zod';
import { PhareError, toErrorValue, type ErrorValue, type Lang } from '../../../src-shared/errors';
import type { JudgeVerdict } from '../../../src-shared/quality';
import type { ChatMessage, ChatModel, JsonSchema } from '../llm/types';

/** Passages are cut to this many characters in the prompt: the judge needs the gist. */
const PASSAGE_CHARS = 1_500;
const MAX_EVIDENCE = 5;
const EVIDENCE_CHARS = 300;
/** The reason is kept short by the grammar... */
const REASON_CHARS = 160;
/**
 * ...so this many tokens always hold the whole object, even at a token per character (a cut object
 * is not JSON). A real model writes its verdict in a few dozen tokens and stops.
 */
const JUDGE_MAX_TOKENS = 256;

export interface JudgeEvidence {
  question: string;
  comment: string | null;
  rating: number | null;
  thumbs: string | null;
}

export interface ChunkCase {
  kind: 'chunk';
  lang: Lang;
  documentTitle: string;
  page: number;
  text: string;
  score: number;
  votes: number;
  evidence: JudgeEvidence[];
}

export interface DocumentCase {
  kind: 'document';
  lang: Lang;
  documentTitle: string;
  /** The reasons the rules found, already phrased. */
  reasons: string[];
  /** A few of its worst passages. */
  samples: string[];
}

export type JudgeCase = ChunkCase | DocumentCase;

export type JudgeOutcome =
  | { ok: true; verdict: JudgeVerdict; reason: string; raw: string }
  | { ok: false; error: ErrorValue; raw: string | null };

const CHUNK_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    verdict: { enum: ['blacklist', 'keep', 'reingest'] },
    reason: { type: 'string', maxLength: REASON_CHARS },
  },
  required: ['verdict', 'reason'],
};
const DOCUMENT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    verdict: { enum: ['reingest', 'keep'] },
    reason: { type: 'string', maxLength: REASON_CHARS },
  },
  required: ['verdict', 'reason'],
};
const ChunkOutput = z.object({ verdict: z.enum(['blacklist', 'keep', 'reingest']), reason: z.string().max(2_000) });
const DocumentOutput = z.object({ verdict: z.enum(['reingest', 'keep']), reason: z.string().max(2_000) });

const TEXTS: Record<Lang, {
  system: string;
  chunk: (c: ChunkCase) => string;
  document: (c: DocumentCase) => string;
  evidence: (e: JudgeEvidence) => string;
  none: string;
}> = {
  en: {
    system:
      'You review the quality of a document library used to answer questions. Readers rated some answers poorly. ' +
      'Decide from the evidence, be careful: removing a good passage loses knowledge. Reply only with the JSON object asked for.',
    chunk: (c) =>
      `Document: ${c.documentTitle}, page ${c.page}\nPassage:\n"""\n${clip(c.text, PASSAGE_CHARS)}\n"""\n\n` +
      `Questions this passage was used to answer (with the readers' ratings and comments):\n${c.evidence.map(TEXTS.en.evidence).join('\n') || TEXTS.en.none}\n\n` +
      `Its satisfaction score is ${c.score.toFixed(2)} (0 = always bad, 1 = always good) over ${c.votes} votes.\n` +
      'Answer with verdict "blacklist" if the passage misleads or does not help for questions like these and should no longer be used, ' +
      '"keep" if it is fine and the fault lies elsewhere, or "reingest" if its text is garbled (bad OCR, broken layout) and reading the document again would fix it. ' +
      'Give a short reason.',
    document: (c) =>
      `Document: ${c.documentTitle}\nWhat the checks found:\n${c.reasons.map((r) => `- ${r}`).join('\n')}\n\n` +
      `Some of its passages:\n${c.samples.map((s) => `"""\n${clip(s, 500)}\n"""`).join('\n') || TEXTS.en.none}\n\n` +
      'Answer with verdict "reingest" if reading this document again (with OCR or another passage size) is likely to improve it, or "keep" if not. Give a short reason.',
    evidence: (e) => `- ${clip(e.question, EVIDENCE_CHARS)} (${rating(e, 'en')}${e.comment ? `; comment: ${clip(e.comment, EVIDENCE_CHARS)}` : ''})`,
    none: '(none recorded)',
  },
  fr: {
    system:
      'Tu contrôles la qualité d’une bibliothèque de documents qui sert à répondre à des questions. Des lecteurs ont mal noté certaines réponses. ' +
      'Décide d’après les éléments fournis, avec prudence : retirer un bon passage fait perdre une connaissance. Réponds uniquement par l’objet JSON demandé.',
    chunk: (c) =>
      `Document : ${c.documentTitle}, page ${c.page}\nPassage :\n"""\n${clip(c.text, PASSAGE_CHARS)}\n"""\n\n` +
      `Questions auxquelles ce passage a servi à répondre (avec les notes et commentaires des lecteurs) :\n${c.evidence.map(TEXTS.fr.evidence).join('\n') || TEXTS.fr.none}\n\n` +
      `Son score de satisfaction est de ${c.score.toFixed(2)} (0 = toujours mauvais, 1 = toujours bon) sur ${c.votes} votes.\n` +
      'Réponds avec le verdict "blacklist" si le passage induit en erreur ou n’aide pas pour de telles questions et ne doit plus servir, ' +
      '"keep" s’il est correct et que le problème vient d’ailleurs, ou "reingest" si son texte est abîmé (OCR raté, mise en page cassée) et qu’une nouvelle lecture du document le corrigerait. ' +
      'Donne une raison courte.',
    document: (c) =>
      `Document : ${c.documentTitle}\nCe que les contrôles ont relevé :\n${c.reasons.map((r) => `- ${r}`).join('\n')}\n\n` +
      `Quelques-uns de ses passages :\n${c.samples.map((s) => `"""\n${clip(s, 500)}\n"""`).join('\n') || TEXTS.fr.none}\n\n` +
      'Réponds avec le verdict "reingest" si une nouvelle lecture du document (avec OCR ou une autre taille de passage) a des chances de l’améliorer, ou "keep" sinon. Donne une raison courte.',
    evidence: (e) => `- ${clip(e.question, EVIDENCE_CHARS)} (${rating(e, 'fr')}${e.comment ? ` ; commentaire : ${clip(e.comment, EVIDENCE_CHARS)}` : ''})`,
    none: '(aucune enregistrée)',
  },
};

function rating(e: JudgeEvidence, lang: Lang): string {
  if (e.rating !== null) return lang === 'fr' ? `note ${e.rating}/5` : `rated ${e.rating}/5`;
  if (e.thumbs === 'up') return lang === 'fr' ? 'pouce levé' : 'thumbs up';
  if (e.thumbs === 'down') return lang === 'fr' ? 'pouce baissé' : 'thumbs down';
  return lang === 'fr' ? 'sans note' : 'not rated';
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function judgeMessages(judgeCase: JudgeCase): ChatMessage[] {
  const texts = TEXTS[judgeCase.lang];
  const evidence = judgeCase.kind === 'chunk' ? { ...judgeCase, evidence: judgeCase.evidence.slice(0, MAX_EVIDENCE) } : judgeCase;
  return [
    { role: 'system', content: texts.system },
    { role: 'user', content: evidence.kind === 'chunk' ? texts.chunk(evidence) : texts.document(evidence) },
  ];
}

/** Reads the judge's reply: the JSON object, validated; anything else is JUDGE_INVALID_OUTPUT. */
export function parseJudgeOutput(raw: string, kind: JudgeCase['kind']): { verdict: JudgeVerdict; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw.trim());
  } catch {
    throw new PhareError('JUDGE_INVALID_OUTPUT', { detail: `not JSON: ${clip(raw, 120) || '(empty)'}` });
  }
  const parsed = (kind === 'chunk' ? ChunkOutput : DocumentOutput).safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
    throw new PhareError('JUDGE_INVALID_OUTPUT', { detail });
  }
  return { verdict: parsed.data.verdict, reason: parsed.data.reason.trim() };
}

export interface JudgeOptions {
  timeoutMs: number;
  /** The run's cancellation. */
  signal?: AbortSignal;
}

/** Asks the judge once; never throws (an abort by `signal` comes back as CANCELLED). */
export async function askQualityJudge(chat: ChatModel, judgeCase: JudgeCase, options: JudgeOptions): Promise<JudgeOutcome> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  let raw: string | null = null;
  try {
    const result = await chat.generate({
      messages: judgeMessages(judgeCase),
      maxTokens: JUDGE_MAX_TOKENS,
      temperature: 0,
      signal,
      jsonSchema: judgeCase.kind === 'chunk' ? CHUNK_SCHEMA : DOCUMENT_SCHEMA,
      purpose: 'judge',
    });
    raw = result.text;
    if (options.signal?.aborted) return { ok: false, error: new PhareError('CANCELLED').toValue(judgeCase.lang), raw };
    if (timeout.signal.aborted) return { ok: false, error: timeoutError(options, judgeCase.lang), raw };
    const { verdict, reason } = parseJudgeOutput(result.text, judgeCase.kind);
    return { ok: true, verdict, reason, raw: result.text };
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, error: new PhareError('CANCELLED').toValue(judgeCase.lang), raw };
    if (timeout.signal.aborted) return { ok: false, error: timeoutError(options, judgeCase.lang), raw };
    return { ok: false, error: toErrorValue(error, judgeCase.lang), raw };
  } finally {
    clearTimeout(timer);
  }
}

function timeoutError(options: JudgeOptions, lang: Lang): ErrorValue {
  return new PhareError('JUDGE_TIMEOUT', { seconds: Math.round(options.timeoutMs / 1000) }).toValue(lang);
}
