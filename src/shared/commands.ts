/**
 * Every command the extension contributes, in one table. A unit test checks it against
 * `contributes.commands` in package.json so the two never drift apart.
 */
export const Commands = {
  showOutput: 'defenderHunt.showOutput',
  showResults: 'defenderHunt.showResults',
  runHunt: 'defenderHunt.runHunt',
  runFile: 'defenderHunt.runFile',
  cancelHunt: 'defenderHunt.cancelHunt',
  pickTimeRange: 'defenderHunt.pickTimeRange',
  pickConnection: 'defenderHunt.pickConnection',
  addConnection: 'defenderHunt.addConnection',
  editConnection: 'defenderHunt.editConnection',
  removeConnection: 'defenderHunt.removeConnection',
  signIn: 'defenderHunt.signIn',
  signOut: 'defenderHunt.signOut',
  copyAdminConsentUrl: 'defenderHunt.copyAdminConsentUrl',
  openAdminConsentUrl: 'defenderHunt.openAdminConsentUrl',
  exportCsv: 'defenderHunt.exportCsv',
  exportJson: 'defenderHunt.exportJson',
  saveChart: 'defenderHunt.saveChart',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
