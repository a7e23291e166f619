/**
 * Chart colours and fonts from VS Code's theme variables (the `--vscode-charts-*` palette that
 * VS Code defines for extensions' charts), read when a chart is drawn and again when the theme
 * changes, so light, dark and high-contrast themes all work.
 */
export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly tooltipBackground: string;
  readonly tooltipForeground: string;
  readonly tooltipBorder: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly palette: readonly string[];
}

const PALETTE_VARS = ['blue', 'orange', 'green', 'red', 'purple', 'yellow'];
/** Used when a variable is missing (outside VS Code): VS Code's own dark-theme chart colours. */
const FALLBACK_PALETTE = ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700'];

export function readTheme(root: HTMLElement = document.documentElement): ChartTheme {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-charts-foreground', v('--vscode-foreground', '#cccccc'));
  const base = PALETTE_VARS.map((c, i) => v(`--vscode-charts-${c}`, FALLBACK_PALETTE[i]));
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: v('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    background: v('--vscode-editor-background', '#1f1f1f'),
    tooltipBackground: v('--vscode-editorHoverWidget-background', v('--vscode-editorWidget-background', '#252526')),
    tooltipForeground: v('--vscode-editorHoverWidget-foreground', foreground),
    tooltipBorder: v('--vscode-editorHoverWidget-border', v('--vscode-widget-border', '#454545')),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.parseFloat(v('--vscode-font-size', '13px')) || 13,
    palette: extendPalette(base),
  };
}

/** 6 theme colours, then the same hues at 65 % and 40 % opacity: 18 distinct series before colours repeat. */
export function extendPalette(base: readonly string[]): string[] {
  return [...base, ...base.map((c) => withAlpha(c, 0.65)), ...base.map((c) => withAlpha(c, 0.4))];
}

/** `#rrggbb` / `#rgb` / `rgb(...)` with an alpha; other notations are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color.trim());
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].split('').map((c) => c + c).join('') : hex[1];
    const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(color.trim());
  return rgb ? `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})` : color;
}
