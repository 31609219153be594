import { describe, expect, it } from 'vitest';
import { MAX_INSTRUCTIONS_CHARS } from '../../../src-shared/conversations';
import { validateConversationSettings } from './conversationSettingsForm';

const form = (change: Partial<Parameters<typeof validateConversationSettings>[0]> = {}) => ({
  instructions: '',
  useAppInstructions: true,
  temperature: '',
  useAppTemperature: true,
  topK: '',
  useAppTopK: true,
  ...change,
});

describe('conversation settings form', () => {
  it('gives null for every setting left to the app', () => {
    expect(validateConversationSettings(form())).toEqual({ settings: { instructions: null, temperature: null, topK: null }, errors: {} });
  });

  it('keeps the values typed, trimmed, with a comma as decimal separator', () => {
    const checked = validateConversationSettings(
      form({ instructions: '  Be brief.  ', useAppInstructions: false, temperature: '0,7', useAppTemperature: false, topK: '12', useAppTopK: false }),
    );
    expect(checked).toEqual({ settings: { instructions: 'Be brief.', temperature: 0.7, topK: 12 }, errors: {} });
  });

  it('refuses what the contract would refuse, field by field', () => {
    const checked = validateConversationSettings(
      form({ instructions: '   ', useAppInstructions: false, temperature: '2.5', useAppTemperature: false, topK: '3.5', useAppTopK: false }),
    );
    expect(checked.errors).toEqual({
      instructions: { key: 'conversationSettings.errors.instructionsEmpty' },
      temperature: { key: 'conversationSettings.errors.temperature' },
      topK: { key: 'conversationSettings.errors.topK' },
    });
    expect(validateConversationSettings(form({ temperature: 'abc', useAppTemperature: false, topK: '0', useAppTopK: false })).errors).toMatchObject({
      temperature: { key: 'conversationSettings.errors.temperature' },
      topK: { key: 'conversationSettings.errors.topK' },
    });
    expect(validateConversationSettings(form({ topK: '51', useAppTopK: false })).errors.topK).toBeDefined();
    expect(validateConversationSettings(form({ topK: '', useAppTopK: false })).errors.topK).toBeDefined();
    expect(validateConversationSettings(form({ temperature: '', useAppTemperature: false })).errors.temperature).toBeDefined();
    const long = 'x'.repeat(MAX_INSTRUCTIONS_CHARS + 1);
    expect(validateConversationSettings(form({ instructions: long, useAppInstructions: false })).errors.instructions).toEqual({
      key: 'conversationSettings.errors.instructionsTooLong',
      params: { max: MAX_INSTRUCTIONS_CHARS, count: MAX_INSTRUCTIONS_CHARS + 1 },
    });
    // Values typed then left to the app are not checked.
    expect(validateConversationSettings(form({ temperature: 'abc', topK: '99' })).errors).toEqual({});
  });
});
