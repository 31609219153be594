/**
 * Which document (and citation) the viewer shows, if any. Chips, source lists and the Library open it; the viewer, shown
 * once by the App over every screen, closes it. The element that opened it gets the focus back.
 */
import { create } from 'zustand';

export interface ViewerTarget {
  documentId: string;
  /** The cited chunk, for the highlight; null when the document is opened from the Library. */
  chunkId: string | null;
  page: number;
  title: string;
}

interface ViewerState {
  target: ViewerTarget | null;
  open(target: ViewerTarget): void;
  close(): void;
}

let opener: HTMLElement | null = null;

export const useViewerStore = create<ViewerState>()((set) => ({
  target: null,
  open(target) {
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    set({ target });
  },
  close() {
    set({ target: null });
    opener?.focus();
    opener = null;
  },
}));
