/**
 * The conversation settings form (ConversationSettingsDialog.tsx) checked before it is sent, as the
 * contract will: instructions not empty and at most MAX_INSTRUCTIONS_CHARS, temperature 0 to 2 (a comma
 * as decimal separator accepted), number of sources a whole number 1 to 50; "use app setting" gives null.
 */
import { MAX_INSTRUCTIONS_CHARS, type ConversationSettings } from '../../../src-shared/conversations';

export type Field = 'instructions' | 'temperature' | 'topK';

/** An i18n key (and its values) saying what is wrong with a field. */
export interface FieldError {
  key: string;
  params?: Record<string, number>;
}

/** The form's values as typed, checked: the settings to save, and an error per invalid field (none: valid). */
export function validateConversationSettings(form: {
  instructions: string;
  useAppInstructions: boolean;
  temperature: string;
  useAppTemperature: boolean;
  topK: string;
  useAppTopK: boolean;
}): { settings: ConversationSettings; errors: Partial<Record<Field, FieldError>> } {
  const errors: Partial<Record<Field, FieldError>> = {};
  const instructions = form.instructions.trim();
  if (!form.useAppInstructions) {
    if (!instructions) errors.instructions = { key: 'conversationSettings.errors.instructionsEmpty' };
    else if (instructions.length > MAX_INSTRUCTIONS_CHARS)
      errors.instructions = { key: 'conversationSettings.errors.instructionsTooLong', params: { max: MAX_INSTRUCTIONS_CHARS, count: instructions.length } };
  }
  // Both decimal separators: a French user types 0,7.
  const temperature = Number(form.temperature.trim().replace(',', '.'));
  if (!form.useAppTemperature && (form.temperature.trim() === '' || !Number.isFinite(temperature) || temperature < 0 || temperature > 2))
    errors.temperature = { key: 'conversationSettings.errors.temperature' };
  const topK = Number(form.topK.trim());
  if (!form.useAppTopK && (form.topK.trim() === '' || !Number.isInteger(topK) || topK < 1 || topK > 50)) errors.topK = { key: 'conversationSettings.errors.topK' };
  return {
    settings: {
      instructions: form.useAppInstructions ? null : instructions,
      temperature: form.useAppTemperature ? null : temperature,
      topK: form.useAppTopK ? null : topK,
    },
    errors,
  };
}
