/**
 * Tabs on the WAI-ARIA pattern (as on the Quality screen): ← → Home End move between tabs and select
 * them, Tab goes into the panel; only the selected tab is in the tab order and points at its panel.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

interface Props<T extends string> {
  tabs: readonly T[];
  selected: T;
  onSelect(tab: T): void;
  /** Prefix of the tab and panel ids and of the test ids (`<prefix>-tab-<name>`). */
  idPrefix: string;
  label: string;
  renderLabel(tab: T): ReactNode;
  children: ReactNode;
}

export function Tabs<T extends string>({ tabs, selected, onSelect, idPrefix, label, renderLabel, children }: Props<T>) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.indexOf(selected);
    const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = tabs[(moves[e.key] + tabs.length) % tabs.length];
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
        {tabs.map((name) => (
          <button
            key={name}
            ref={(el) => {
              refs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${name}`}
            className="tab"
            aria-selected={selected === name}
            aria-controls={selected === name ? `${idPrefix}-panel-${name}` : undefined}
            tabIndex={selected === name ? 0 : -1}
            onClick={() => onSelect(name)}
            data-testid={`${idPrefix}-tab-${name}`}
          >
            {renderLabel(name)}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${idPrefix}-panel-${selected}`} aria-labelledby={`${idPrefix}-tab-${selected}`} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
