/**
 * Kusto.Language's first analysis in a process costs ~0.5 s (JIT and lazy tables). Pay it at
 * start-up, one step per turn of the event loop so an early request is not stuck behind all of
 * it, instead of on the user's first keystroke.
 */
import { BlockAnalysis } from './blockAnalysis';
import { nextTurn } from './documents';
import type { KustoContext } from './kustoContext';

const SAMPLE = [
  'let window = 1d;',
  'DeviceProcessEvents',
  '| where Timestamp > ago(window) and FileName =~ "powershell.exe" and ProcessCommandLine has_any ("-enc", "-e ")',
  '| join kind=leftouter (DeviceInfo | summarize arg_max(Timestamp, OSPlatform) by DeviceId) on DeviceId',
  '| invoke FileProfile(SHA1, 100)',
  '| summarize Count = count(), Devices = dcount(DeviceId) by bin(Timestamp, 1h), FileName',
  '| order by Count desc',
].join('\n');

export async function warmUp(ctx: KustoContext): Promise<void> {
  void ctx.globals;
  await nextTurn();
  const a = new BlockAnalysis(SAMPLE, ctx);
  void a.code.GetDiagnostics();
  await nextTurn();
  const E = ctx.K.Language.Editor;
  a.service.GetCompletionItems(SAMPLE.indexOf('| order') + 2, E.CompletionOptions.Default);
  a.service.GetCompletionItems(SAMPLE.indexOf('FileName =~'), E.CompletionOptions.Default);
  await nextTurn();
  a.service.GetQuickInfo(SAMPLE.indexOf('FileName'), E.QuickInfoOptions.Default);
  a.service.GetClassifications(0, SAMPLE.length, true, true);
  a.service.GetFormattedText(E.FormattingOptions.Default, 0);
  a.service.GetRelatedElements(SAMPLE.indexOf('window'), E.FindRelatedOptions.None);
}
