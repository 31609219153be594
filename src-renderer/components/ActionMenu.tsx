/**
 * A "⋯" button that opens a menu of named actions (the WAI-ARIA menu button pattern): Enter, Space or
 * ArrowDown open it on the first item, ArrowUp on the last; arrows, Home and End move, Enter runs the
 * item, Escape closes it and gives the focus back to the button, Tab or a click elsewhere close it.
 * Used where a row would otherwise carry a line of cryptic glyph buttons.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface ActionMenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  /** 'danger' for a destructive action (it still asks for confirmation where it destroys). */
  tone?: 'danger';
  testId?: string;
}

export function ActionMenu({ label, items, testId }: { label: string; items: ActionMenuItem[]; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();
  const enabled = items.map((item, i) => (item.disabled ? -1 : i)).filter((i) => i >= 0);

  const openAt = (index: number) => {
    if (!enabled.length) return;
    setActive(index);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const move = (from: number, step: number) => {
    const at = enabled.indexOf(from);
    return enabled[(at + step + enabled.length) % enabled.length];
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      openAt(enabled[0]);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(enabled[enabled.length - 1]);
    }
  };

  const onMenuKey = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => setActive((a) => move(a, 1)),
      ArrowUp: () => setActive((a) => move(a, -1)),
      Home: () => setActive(enabled[0]),
      End: () => setActive(enabled[enabled.length - 1]),
      Escape: () => close(true),
      Tab: () => setOpen(false),
    };
    const action = keys[event.key];
    if (!action) return;
    if (event.key !== 'Tab') event.preventDefault();
    event.stopPropagation();
    action();
  };

  const select = (item: ActionMenuItem) => {
    // Back on the button first: the action may open a dialog, which returns the focus to it.
    close(true);
    item.onSelect();
  };

  return (
    <div className="action-menu">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(enabled[0]))}
        onKeyDown={onButtonKey}
        data-testid={testId}
      >
        ⋯
      </button>
      {open && (
        <ul ref={menuRef} id={menuId} className="action-menu-list" role="menu" aria-label={label} onKeyDown={onMenuKey}>
          {items.map((item, i) => (
            <li
              key={item.label}
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              aria-disabled={item.disabled || undefined}
              className={`action-menu-item${item.tone === 'danger' ? ' action-menu-danger' : ''}`}
              onClick={() => !item.disabled && select(item)}
              onKeyDown={(event) => {
                if ((event.key === 'Enter' || event.key === ' ') && !item.disabled) {
                  event.preventDefault();
                  select(item);
                }
              }}
              data-testid={item.testId}
            >
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
