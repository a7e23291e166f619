/**
 * Known XSS vectors, written for this test: script tags, event handlers, `javascript:` URLs,
 * SVG/MathML, attribute breakouts, broken and encoded markup. Each calls `top.__xss(id)`, a
 * sentinel the test installs, so any execution is recorded with the payload that caused it.
 * `§` marks where the sentinel call goes.
 */
const TEMPLATES: readonly string[] = [
  '<script>§</script>', '<SCRIPT>§</SCRIPT>', '<script type="text/javascript">§</script>', '<script src="data:text/javascript,§"></script>',
  '<script>/*</script><script>*/§</script>', '"><script>§</script>', "'><script>§</script>", '</title><script>§</script>',
  '</textarea><script>§</script>', '</style><script>§</script>', '<scr<script>ipt>§</scr</script>ipt>', '<script/src=data:,§></script>',
  '<img src=x onerror=§>', '<img src=x onerror="§">', '<IMG SRC=x ONERROR=§>', '<img src=x:y onerror=§//', '<img/src/onerror=§>',
  '<svg onload=§>', '<svg/onload=§>', '<body onload=§>', '<iframe onload=§></iframe>', '<iframe src="javascript:§"></iframe>',
  '<iframe srcdoc="<script>top.§</script>"></iframe>', '<input autofocus onfocus=§>', '<select autofocus onfocus=§></select>',
  '<textarea autofocus onfocus=§></textarea>', '<keygen autofocus onfocus=§>', '<video><source onerror=§></video>', '<audio src=x onerror=§>',
  '<video src=x onerror=§>', '<details open ontoggle=§>', '<marquee onstart=§>x</marquee>', '<object data="javascript:§"></object>',
  '<embed src="javascript:§">', '<a href="javascript:§">click</a>', 'javascript:§', 'JaVaScRiPt:§', 'java\tscript:§', '&#106;avascript:§',
  '<a href="&#x6A;avascript:§">x</a>', '<form action="javascript:§"><input type=submit></form>', '<button formaction="javascript:§">x</button>',
  '<math><mtext><table><mglyph><style><img src=x onerror=§>', '<svg><script>§</script></svg>', '<svg><animate onbegin=§ attributeName=x dur=1s>',
  '<svg><set onbegin=§ attributename=x to=1>', '<svg><a xlink:href="javascript:§"><text y=20>x</text></a></svg>',
  '<svg><foreignObject><img src=x onerror=§></foreignObject></svg>', '<svg><image href=x onerror=§ /></svg>',
  '<div style="background:url(javascript:§)">x</div>', '<div style="width:expression(§)">x</div>', '<link rel=stylesheet href="javascript:§">',
  '<meta http-equiv="refresh" content="0;url=javascript:§">', '<base href="javascript:§//">', '<isindex action=javascript:§ type=image>',
  '<table background="javascript:§">', '<img src=x onerror=&#x74;op.§>', '<img src=x onerror=Function("§")()>', '<x onclick=§>click</x>',
  '<div onmouseover=§>hover</div>', '<p onpointerenter=§>p</p>', "<style>@import 'javascript:§';</style>", '<style onload=§></style>',
  '<object data="data:text/html,<script>top.§</script>">', '"onmouseover="§', "' onfocus='§' autofocus='", '" autofocus onfocus="§',
  '<!--<img src="--><img src=x onerror=§//">', '<noscript><p title="</noscript><img src=x onerror=§>">', '<template><img src=x onerror=§></template>',
  "{{constructor.constructor('§')()}}", '${§}', '<img src=x onerror=§', '<svg><style><img src=x onerror=§></style>', '<xmp><img src=x onerror=§></xmp>',
  '<body onpageshow=§>', '<video poster=javascript:§>', '<img srcset=",,,,x" onerror=§>', '<input type=image src=x onerror=§>',
  '\u003cimg src=x onerror=§\u003e', '<scr\0ipt>§</scr\0ipt>', '%3Cscript%3E§%3C/script%3E', '&lt;img src=x onerror=§&gt;',
  '<iframe src=x onerror=§>', '<img src="x` `<script>§</script>"` `>', '<a href=javascript&colon;§>x</a>', '<svg><animate xlink:href=#x attributeName=href values=javascript:§ /></svg>',
];

/** Wrappers that put each vector in another context: raw, after an attribute/tag breakout, before an unclosed comment. */
const WRAPPERS: readonly ((p: string) => string)[] = [(p) => p, (p) => `"'>${p}`, (p) => `${p}<!--`];

export interface Payload { readonly id: number; readonly text: string }

/** Every template in every wrapper, each with its own sentinel id (1-based). */
export function xssPayloads(): Payload[] {
  const out: Payload[] = [];
  for (const wrap of WRAPPERS) for (const t of TEMPLATES) {
    const id = out.length + 1;
    out.push({ id, text: wrap(t).split('§').join(`top.__xss(${id})`) });
  }
  return out;
}
