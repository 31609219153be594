/**
 * When the element holding the focus is removed (the row of a deleted document, the last one of a
 * list), Chromium leaves the focus on <body> and a keyboard user starts again from the top of the
 * page. Called after such a removal has been rendered: the focus goes to the first of the candidates
 * still on the page (selectors, most specific first), only when it was lost.
 */
export function refocusIfLost(...candidates: string[]): void {
  // After the removal's render: the next frame sees the page as the user does.
  requestAnimationFrame(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    for (const selector of candidates) {
      const target = document.querySelector<HTMLElement>(selector);
      if (target) {
        target.focus();
        return;
      }
    }
  });
}
