/**
 * A button that copies text to the clipboard and says so ("Copied") next to itself for a moment, in a
 * status region read by screen readers; the button keeps its name. The text may be fetched on click
 * (a source's whole passage). Where the Clipboard API is missing (a page served over plain http to
 * another machine is not a secure context), a hidden text area and the copy command do it.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const SHOWN_MS = 2500;

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  focused?.focus();
  if (!ok) throw new Error('copy refused');
}

export function CopyButton({ label, text, testId, className = 'button button-small' }: { label: string; text(): string | Promise<string>; testId?: string; className?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const copy = async () => {
    try {
      await writeClipboard(await text());
      setState('copied');
    } catch {
      setState('failed');
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), SHOWN_MS);
  };

  return (
    <span className="copy-button">
      <button type="button" className={className} onClick={() => void copy()} data-testid={testId}>
        {label}
      </button>
      <span className="copy-status small" role="status" data-testid={testId ? `${testId}-status` : undefined}>
        {state === 'copied' ? t('copy.copied') : state === 'failed' ? t('copy.failed') : ''}
      </span>
    </span>
  );
}
