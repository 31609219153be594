/**
 * Opens a native <dialog> as a modal once, when it mounts, and closes it when it unmounts, putting the
 * focus back where it was: on the element that had it before the dialog opened, or, when that element
 * is gone (its row was deleted), on a fallback. Chromium's own restoring does not cover a dialog
 * closed by unmounting it, and every modal of the app goes through here so none leaves the focus on
 * <body> (a keyboard user would start again from the top of the page).
 */
import { useEffect, type RefObject } from 'react';

export interface ModalDialogOptions {
  /** Focused when the dialog opens; otherwise the browser's choice (the first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Id of the element focused on close when the one that opened the dialog is no longer on the page. */
  fallbackFocusId?: string;
}

export function useModalDialog(ref: RefObject<HTMLDialogElement | null>, options: ModalDialogOptions = {}): void {
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    dialog.showModal();
    options.initialFocus?.current?.focus();
    return () => {
      dialog.close();
      if (opener?.isConnected) opener.focus();
      else if (options.fallbackFocusId) document.getElementById(options.fallbackFocusId)?.focus();
    };
    // Opened once: the focus is placed when the dialog appears, not at every render.
  }, []);
}
