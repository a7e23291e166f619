/**
 * Shortening text for display, shared by the host (its cap on what the grid receives) and the
 * webview (cutting a cell's text to its column).
 */
export const ELLIPSIS = '…';

/** The first `end` UTF-16 units of `text` (one fewer rather than split a surrogate pair, which would show as a replacement character), then "…". */
export function cutWithEllipsis(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  const whole = code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
  return text.slice(0, Math.max(0, whole)) + ELLIPSIS;
}
