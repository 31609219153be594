import { describe, expect, it } from 'vitest';
import { judgeRewrite, rewriteFollowUp, rewriteMessages } from '../../../src-main/core/chat/followUpRewrite';

describe('follow-up rewrite', () => {
  const question = 'And in 2019?';
  it('uses a clean standalone question', () => {
    expect(judgeRewrite('Standalone question: "What was the population of Warsaw in 2019?"\n', question, 'eos')).toEqual({
      query: 'What was the population of Warsaw in 2019?',
      rewritten: 'What was the population of Warsaw in 2019?',
      outcome: 'rewritten',
    });
  });
  it('falls back to the question when the rewrite is unusable', () => {
    expect(judgeRewrite('  \n ', question, 'eos')).toMatchObject({ query: question, rewritten: null, outcome: 'empty' });
    expect(judgeRewrite('« »', question, 'eos').outcome).toBe('empty');
    expect(judgeRewrite('What was the population', question, 'maxTokens')).toMatchObject({ query: question, outcome: 'too-long' });
    expect(judgeRewrite('word '.repeat(100), question, 'eos').outcome).toBe('too-long');
    expect(judgeRewrite('and in 2019', question, 'eos')).toMatchObject({ query: question, outcome: 'unchanged' });
    expect(judgeRewrite('Anything', question, 'aborted')).toMatchObject({ query: question, outcome: 'cancelled' });
  });
  it('needs no model for a first question, and says when there is none', async () => {
    expect(await rewriteFollowUp({ chat: null, question, history: [], lang: 'en' })).toMatchObject({ query: question, outcome: 'first-question' });
    expect(await rewriteFollowUp({ chat: null, question, history: [{ question: 'Population of Warsaw?', answer: '1.8 million [1].' }], lang: 'en' })).toMatchObject({
      query: question,
      outcome: 'no-model',
    });
  });
  it('shows the last turns, answers cut short, in the question language', () => {
    const history = Array.from({ length: 5 }, (_, i) => ({ question: `Q${i}`, answer: 'x'.repeat(1000) }));
    const [system, user] = rewriteMessages('Et en 2019 ?', history, 'fr');
    expect(system.content).toMatch(/question autonome/);
    expect(user.content).not.toContain('Q1');
    expect(user.content).toContain('Q2');
    expect(user.content).toContain('Question de suivi : Et en 2019 ?'.replace(' :', ':'));
    expect(user.content.length).toBeLessThan(1600);
  });
});
