/**
 * A confirmation that asks for a reason (written to the audit log). The dialog stays open while the
 * action runs and when it fails, with the error shown in it, so what was typed is never lost; it closes
 * when the action succeeds. The focus starts on Cancel: these actions change what search returns.
 */
import { useId, useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  title: string;
  body: string;
  reasonLabel: string;
  /** The reason must be given (manual flags); otherwise it is optional. */
  required: boolean;
  confirmLabel: string;
  cancelLabel: string;
  tone?: 'danger' | 'primary';
  /** The error of the last attempt, already in the user's language. */
  error?: string | null;
  busy?: boolean;
  /** Resolves true when done (the dialog then closes). */
  onConfirm(reason: string): Promise<boolean>;
  onClose(): void;
  testId?: string;
  fallbackFocusId?: string;
}

export function ReasonDialog({ title, body, reasonLabel, required, confirmLabel, cancelLabel, tone = 'danger', error, busy = false, onConfirm, onClose, testId, fallbackFocusId }: Props) {
  const [reason, setReason] = useState('');
  const id = useId();
  const missing = required && reason.trim() === '';
  const confirm = async () => {
    if (missing || busy) return;
    if (await onConfirm(reason)) onClose();
  };
  return (
    <ConfirmDialog
      title={title}
      body={body}
      confirmLabel={confirmLabel}
      cancelLabel={cancelLabel}
      tone={tone}
      initialFocus="cancel"
      confirmDisabled={missing || busy}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      testId={testId}
      fallbackFocusId={fallbackFocusId}
    >
      <label className="field dialog-field" htmlFor={`${id}-reason`}>
        <span>{reasonLabel}</span>
      </label>
      <textarea
        id={`${id}-reason`}
        className="dialog-textarea"
        rows={3}
        maxLength={2000}
        required={required}
        aria-required={required}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        data-testid="reason-input"
      />
      {error && (
        <p className="feedback-error" role="alert">
          {error}
        </p>
      )}
    </ConfirmDialog>
  );
}
