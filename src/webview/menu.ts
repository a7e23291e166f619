/**
 * A small context menu built from DOM nodes (no HTML strings): plain items, rows of inline
 * choices ("Copy as: TSV CSV Markdown JSON"), checkable items and separators. Arrow keys move
 * between every button, Enter/Space activates, Escape or a click elsewhere closes.
 */
import { el, icon } from './dom';

export type MenuItem =
  | { readonly kind?: 'item'; readonly label: string; readonly icon?: string; readonly checked?: boolean; readonly disabled?: boolean; readonly keybinding?: string; readonly run: () => void }
  | { readonly kind: 'choices'; readonly label: string; readonly disabled?: boolean; readonly choices: readonly { readonly label: string; readonly run: () => void }[] }
  | { readonly kind: 'separator' };

export class ContextMenu {
  private node: HTMLElement | undefined;
  private restoreFocus: HTMLElement | null = null;
  private readonly onOutside = (e: Event) => { if (this.node && !this.node.contains(e.target as Node)) this.close(); };

  get isOpen(): boolean { return this.node !== undefined; }

  open(x: number, y: number, items: readonly MenuItem[], label: string): void {
    this.close();
    this.restoreFocus = document.activeElement as HTMLElement | null;
    const menu = el('div', 'menu', undefined, { role: 'menu', 'aria-label': label });
    for (const item of items) menu.append(this.render(item));
    menu.addEventListener('keydown', (e) => this.onKey(e));
    document.body.append(menu);
    // Keep it on screen.
    const r = menu.getBoundingClientRect();
    menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - r.width - 4))}px`;
    menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - r.height - 4))}px`;
    this.node = menu;
    setTimeout(() => {
      document.addEventListener('mousedown', this.onOutside, true);
      window.addEventListener('blur', this.onOutsideBlur);
    });
    this.buttons()[0]?.focus();
  }

  close(): void {
    if (!this.node) return;
    this.node.remove();
    this.node = undefined;
    document.removeEventListener('mousedown', this.onOutside, true);
    window.removeEventListener('blur', this.onOutsideBlur);
    this.restoreFocus?.focus();
  }

  private readonly onOutsideBlur = () => this.close();

  private render(item: MenuItem): HTMLElement {
    if (item.kind === 'separator') return el('div', 'menu-separator', undefined, { role: 'separator' });
    if (item.kind === 'choices') {
      const row = el('div', 'menu-choices', undefined, { role: 'group', 'aria-label': item.label });
      row.append(el('span', 'menu-label', item.label));
      for (const c of item.choices) {
        const b = el('button', 'menu-choice', c.label, { type: 'button', role: 'menuitem', disabled: item.disabled, 'aria-label': `${item.label} ${c.label}` });
        b.addEventListener('click', () => { this.close(); c.run(); });
        row.append(b);
      }
      return row;
    }
    const b = el('button', 'menu-item', undefined, { type: 'button', role: item.checked === undefined ? 'menuitem' : 'menuitemcheckbox', disabled: item.disabled, 'aria-checked': item.checked === undefined ? undefined : String(item.checked) });
    b.append(item.checked === undefined ? icon(item.icon ?? 'blank') : icon(item.checked ? 'check' : 'blank'), el('span', 'menu-text', item.label));
    if (item.keybinding) b.append(el('span', 'menu-key', item.keybinding));
    b.addEventListener('click', () => { this.close(); item.run(); });
    return b;
  }

  private buttons(): HTMLButtonElement[] {
    return this.node ? Array.from(this.node.querySelectorAll<HTMLButtonElement>('button:not([disabled])')) : [];
  }

  private onKey(e: KeyboardEvent): void {
    const list = this.buttons();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (n: number) => { e.preventDefault(); list[(n + list.length) % list.length]?.focus(); };
    switch (e.key) {
      case 'ArrowDown': case 'ArrowRight': go(i + 1); break;
      case 'ArrowUp': case 'ArrowLeft': go(i - 1); break;
      case 'Home': go(0); break;
      case 'End': go(list.length - 1); break;
      case 'Escape': e.preventDefault(); e.stopPropagation(); this.close(); break;
      case 'Tab': e.preventDefault(); go(i + (e.shiftKey ? -1 : 1)); break;
      default: break;
    }
  }
}
