/**
 * A WizardUi that answers from a script, as a person typing would: each answer is checked with the
 * step's own validation first (an invalid answer is recorded and the next one is tried, like
 * retyping), picks are chosen by value, and every prompt shown is recorded.
 */
import { BACK, type Back, type InputStep, type PickStep, type WizardUi } from '../../src/vscode/connections/connectionWizard';

export type Answer = string | { pick: unknown } | { file: string } | 'BACK' | 'CANCEL';

export class ScriptedWizardUi implements WizardUi {
  readonly shown: { kind: 'input' | 'pick' | 'file'; step?: number; text: string; items?: string[] }[] = [];
  readonly rejected: { step: number; value: string; message: string }[] = [];
  private readonly answers: Answer[];

  constructor(answers: readonly Answer[]) {
    this.answers = [...answers];
  }

  get remaining(): number {
    return this.answers.length;
  }

  async input(step: InputStep): Promise<string | Back | undefined> {
    this.shown.push({ kind: 'input', step: step.step, text: step.prompt });
    for (;;) {
      const a = this.next(step.prompt);
      if (a === 'BACK') return BACK;
      if (a === 'CANCEL') return undefined;
      if (typeof a !== 'string') throw new Error(`script gave ${JSON.stringify(a)} for input "${step.prompt}"`);
      const message = step.validate(a);
      if (!message) return a;
      this.rejected.push({ step: step.step, value: a, message });
    }
  }

  async pick<T>(step: PickStep<T>): Promise<T | Back | undefined> {
    this.shown.push({ kind: 'pick', step: step.step, text: step.placeholder, items: step.items.map((i) => `${i.label} | ${i.description ?? ''} | ${i.detail ?? ''}`) });
    const a = this.next(step.placeholder);
    if (a === 'BACK') return BACK;
    if (a === 'CANCEL') return undefined;
    if (typeof a !== 'object' || !('pick' in a)) throw new Error(`script gave ${JSON.stringify(a)} for pick "${step.placeholder}"`);
    const item = step.items.find((i) => i.value === a.pick);
    if (!item) throw new Error(`no item ${String(a.pick)} in "${step.placeholder}"`);
    return item.value;
  }

  async readPemFile(title: string): Promise<string | undefined> {
    this.shown.push({ kind: 'file', text: title });
    const a = this.next(title);
    if (a === 'CANCEL') return undefined;
    if (typeof a !== 'object' || !('file' in a)) throw new Error(`script gave ${JSON.stringify(a)} for file "${title}"`);
    return a.file;
  }

  private next(what: string): Answer {
    const a = this.answers.shift();
    if (a === undefined) throw new Error(`the script ran out of answers at "${what}"`);
    return a;
  }
}
