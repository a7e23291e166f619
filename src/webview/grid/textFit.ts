/**
 * Fits a cell's text to its width, ending cut text in "…". Cells do not clip (a clip per cell
 * costs a fifth of a scroll frame, see media/results.css), so CSS's `text-overflow: ellipsis`
 * is not available; the grid shows what this returns instead, and the full value stays in the
 * cell's accessible name, its tooltip, copy and Inspect. With a monospace font and printable
 * ASCII (most hunting data: hashes, paths, hosts, command lines) the cut is arithmetic, and a
 * shorter text is also cheaper to lay out than a 3,000-character command line. Anything else is
 * measured with a canvas (binary search over prefixes) and remembered.
 */
import { cutWithEllipsis } from '../../shared/text';

export class TextFit {
  private ctx: CanvasRenderingContext2D | null | undefined;
  private advance = 0;
  private monospace = false;
  private readonly cache = new Map<string, string>();

  /** @param font the CSS font of the cells, read when first needed (e.g. "normal 400 13px monospace"). */
  constructor(private readonly font: () => string) {}

  /** The font may have changed (theme or settings): measure again. */
  reset(): void {
    this.ctx = undefined;
    this.cache.clear();
  }

  /** `text` if it fits in `px` CSS pixels, else its longest prefix that fits followed by "…". */
  fit(text: string, px: number): string {
    if (this.ctx === undefined) this.init();
    if (!this.ctx || this.advance <= 0) return text;
    if (this.monospace && PRINTABLE_ASCII.test(text)) {
      const chars = Math.floor(px / this.advance);
      return text.length <= chars ? text : cutWithEllipsis(text, chars - 1);
    }
    // No glyph is wider than three digits (wide CJK, emoji): short texts fit without measuring.
    if (text.length * this.advance * 3 <= px) return text;
    const key = `${px}\u0000${text}`;
    let shown = this.cache.get(key);
    if (shown === undefined) {
      shown = this.measureFit(this.ctx, text, px);
      if (this.cache.size >= 5000) this.cache.clear();
      this.cache.set(key, shown);
    }
    return shown;
  }

  private measureFit(ctx: CanvasRenderingContext2D, text: string, px: number): string {
    // Only the start can show: no glyph is narrower than a quarter of a digit.
    const head = text.slice(0, Math.ceil((4 * px) / this.advance) + 1);
    if (head.length === text.length && ctx.measureText(text).width <= px) return text;
    let lo = 0, hi = head.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(cutWithEllipsis(head, mid)).width <= px) lo = mid; else hi = mid - 1;
    }
    return cutWithEllipsis(head, lo);
  }

  private init(): void {
    this.ctx = document.createElement('canvas').getContext('2d');
    if (!this.ctx) return;
    this.ctx.font = this.font();
    this.advance = this.ctx.measureText('0').width;
    const narrow = this.ctx.measureText('iiiiiiiiii').width, wide = this.ctx.measureText('WWWWWWWWWW').width;
    this.monospace = Math.abs(narrow - wide) < 0.5 && Math.abs(wide - 10 * this.advance) < 0.5;
  }
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
