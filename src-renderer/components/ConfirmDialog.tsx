/**
 * A modal confirmation on the native <dialog>: it traps focus, and Escape fires its `cancel` event.
 * By default the confirm button has the focus, so Enter confirms (Enter on the Cancel button still
 * cancels); `initialFocus="cancel"` puts it on Cancel instead, for actions that are hard to undo.
 * Extra fields (a checkbox, a reason) go in `children`. When the dialog closes, the focus goes back
 * to the element that had it before, so keyboard users stay where they were.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** Fields shown between the text and the buttons. */
  children?: ReactNode;
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
  initialFocus = 'confirm',
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

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    (initialFocus === 'cancel' ? cancelRef : confirmRef).current?.focus();
    return () => {
      dialog.close();
      // Back where the person was (when that element is still on the page).
      if (opener?.isConnected) opener.focus();
      else if (fallbackFocusId) document.getElementById(fallbackFocusId)?.focus();
    };
    // Opened once: the focus is placed when the dialog appears, not at every render.
  }, []);

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
