/**
 * The only way the webview builds DOM: elements with text set through textContent and
 * attributes through setAttribute. There is no path from a string to markup here, because every
 * result value, column name and query is attacker-controlled.
 */
type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string, attrs?: Attrs): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === false) continue;
      // Never let data name an event handler or a URL-bearing attribute.
      if (/^on/i.test(k) || /^(href|src|action|formaction|srcdoc|style)$/i.test(k)) throw new Error(`refusing attribute ${k}`);
      e.setAttribute(k, v === true ? '' : String(v));
    }
  }
  return e;
}

/** A codicon (from dist/webview/codicon.css): `icon('warning')`. */
export function icon(name: string, extra = ''): HTMLSpanElement {
  const span = el('span', `codicon codicon-${name}${extra ? ' ' + extra : ''}`);
  span.setAttribute('aria-hidden', 'true');
  return span;
}

export function button(label: string, opts: { icon?: string; title?: string; className?: string; onClick: (e: MouseEvent) => void }): HTMLButtonElement {
  const b = el('button', opts.className ?? 'btn', undefined, { type: 'button', title: opts.title ?? label });
  if (opts.icon) b.append(icon(opts.icon));
  if (label) b.append(el('span', 'label', label));
  b.addEventListener('click', opts.onClick);
  return b;
}

/** Calls `fn` once, `ms` after the last call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const call = (...args: A) => {
    last = args;
    clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; fn(...args); }, ms);
  };
  call.flush = () => { if (timer !== undefined && last) { clearTimeout(timer); timer = undefined; fn(...last); } };
  return call;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
