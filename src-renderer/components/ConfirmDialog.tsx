/**
 * A modal confirmation on the native <dialog>: it traps focus, and Escape fires its `cancel` event.
 * A destructive dialog (tone `danger`, the default) starts on Cancel, so a stray Enter or Space never
 * deletes anything; a dialog that destroys nothing (tone `primary`) starts on its confirm button, so
 * Enter confirms. `initialFocus` overrides either.
 * Extra fields (a checkbox, a reason) go in `children`. When the dialog closes, the focus goes back
 * to the element that had it before, so keyboard users stay where they were.
 */
import { useId, useRef, type ReactNode } from 'react';
import { useModalDialog } from './useModalDialog';

interface Props {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** Fields shown between the text and the buttons. */
  children?: ReactNode;
  /** Default: Cancel for `danger`, the confirm button for `primary`. */
  initialFocus?: 'confirm' | 'cancel';
  /** The confirm button is disabled (a required field is empty); Enter then does nothing. */
  confirmDisabled?: boolean;
  /** Red confirm button (default) or the primary blue one for actions that destroy nothing. */
  tone?: 'danger' | 'primary';
  testId?: string;
  /** Where the focus goes on close when the element that opened the dialog is gone (its row was removed). */
  fallbackFocusId?: string;
}

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  children,
  initialFocus,
  confirmDisabled = false,
  tone = 'danger',
  testId,
  fallbackFocusId,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const titleId = `${id}-title`;
  const bodyId = `${id}-body`;

  const focusCancel = (initialFocus ?? (tone === 'danger' ? 'cancel' : 'confirm')) === 'cancel';
  useModalDialog(ref, { initialFocus: focusCancel ? cancelRef : confirmRef, fallbackFocusId });

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => {
        // Buttons handle Enter themselves, and Enter in a text area is a new line; elsewhere in the
        // dialog Enter means "confirm".
        if (e.key !== 'Enter' || e.target instanceof HTMLButtonElement || e.target instanceof HTMLTextAreaElement) return;
        e.preventDefault();
        if (!confirmDisabled) onConfirm();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <p id={bodyId}>{body}</p>
      {children}
      <div className="dialog-actions">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button
          ref={confirmRef}
          type="button"
          className={tone === 'danger' ? 'button button-danger' : 'button button-primary'}
          disabled={confirmDisabled}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
