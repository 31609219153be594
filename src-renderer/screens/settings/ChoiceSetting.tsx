/** A setting chosen among a few values, as radio buttons, each with a line saying what it does. */
import { useTranslation } from 'react-i18next';

interface Props<T extends string> {
  /** Under `settings`: `<name>.label`, `<name>.<choice>` and `<name>.<choice>Hint`. */
  name: 'chunkUnit' | 'ocrMode';
  choices: readonly T[];
  value: T;
  onChange(value: T): void;
}

export function ChoiceSetting<T extends string>({ name, choices, value, onChange }: Props<T>) {
  const { t } = useTranslation();
  return (
    <fieldset className="setting setting-choices" data-testid={`setting-${name}`}>
      <legend className="setting-label">{t(`settings.${name}.label`)}</legend>
      {choices.map((choice) => {
        const id = `setting-${name}-${choice}`;
        return (
          <div key={choice} className="setting-choice">
            <input id={id} type="radio" name={`setting-${name}`} value={choice} checked={value === choice} aria-describedby={`${id}-hint`} onChange={() => onChange(choice)} />
            <label htmlFor={id}>{t(`settings.${name}.${choice}`)}</label>
            <p id={`${id}-hint`} className="setting-hint">
              {t(`settings.${name}.${choice}Hint`)}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
