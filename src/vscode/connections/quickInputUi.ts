/**
 * The wizard's steps as VS Code quick inputs: "Step n of m" titles, a Back button, validation as
 * you type, Escape to cancel. One input at a time; each is disposed when it settles.
 */
import * as vscode from 'vscode';
import { BACK, type Back, type InputStep, type PickStep, type WizardUi } from './connectionWizard';

export class QuickInputWizardUi implements WizardUi {
  input(step: InputStep): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    box.title = step.title;
    box.step = step.step;
    box.totalSteps = step.totalSteps;
    box.prompt = step.prompt;
    box.value = step.value ?? '';
    box.placeholder = step.placeholder;
    box.password = !!step.password;
    box.ignoreFocusOut = true;
    if (step.step > 1) box.buttons = [vscode.QuickInputButtons.Back];
    return new Promise((resolve) => {
      const subs: vscode.Disposable[] = [];
      const done = (v: string | Back | undefined) => { for (const s of subs) s.dispose(); box.dispose(); resolve(v); };
      subs.push(
        box.onDidChangeValue((v) => { box.validationMessage = v ? step.validate(v) : undefined; }),
        box.onDidAccept(() => {
          const problem = step.validate(box.value);
          if (problem) { box.validationMessage = problem; return; }
          done(box.value);
        }),
        box.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) done(BACK); }),
        box.onDidHide(() => done(undefined)),
      );
      box.show();
    });
  }

  pick<T>(step: PickStep<T>): Promise<T | Back | undefined> {
    type Item = vscode.QuickPickItem & { value: T };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = step.title;
    qp.step = step.step;
    qp.totalSteps = step.totalSteps;
    qp.placeholder = step.placeholder;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = step.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
    const active = qp.items.find((i) => i.value === step.active);
    if (active) qp.activeItems = [active];
    if (step.step > 1) qp.buttons = [vscode.QuickInputButtons.Back];
    return new Promise((resolve) => {
      const subs: vscode.Disposable[] = [];
      const done = (v: T | Back | undefined) => { for (const s of subs) s.dispose(); qp.dispose(); resolve(v); };
      subs.push(
        qp.onDidAccept(() => { const i = qp.selectedItems[0] ?? qp.activeItems[0]; if (i) done(i.value); }),
        qp.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) done(BACK); }),
        qp.onDidHide(() => done(undefined)),
      );
      qp.show();
    });
  }

  async readPemFile(title: string): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: 'Use this certificate', filters: { 'PEM certificate and key': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] } });
    if (!picked?.[0]) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0]));
  }
}
