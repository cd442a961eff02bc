// Shared by the in-VS Code tests: stand-ins for the modal confirmation and the sign-in's input box.
import * as vscode from 'vscode';

export type WarningStub = (message: string, options: vscode.MessageOptions, ...items: unknown[]) => Promise<unknown>;

/** Replaces showWarningMessage (the modal confirmation) until restore(); records message and detail. */
export function stubWarnings(answer: WarningStub): {
  calls: Array<{ message: string; detail?: string }>;
  restore(): void;
} {
  const original = vscode.window.showWarningMessage;
  const calls: Array<{ message: string; detail?: string }> = [];
  (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (
    message: string,
    options: vscode.MessageOptions,
    ...items: unknown[]
  ) => {
    calls.push({ message, detail: options?.detail });
    return answer(message, options, ...items);
  };
  return { calls, restore: () => ((vscode.window as { showWarningMessage: unknown }).showWarningMessage = original) };
}

/** Replaces showInputBox (the sign-in's password box) until restore(); records what it was asked. */
export function stubInputBox(value: string | undefined): { calls: vscode.InputBoxOptions[]; restore(): void } {
  const original = vscode.window.showInputBox;
  const calls: vscode.InputBoxOptions[] = [];
  (vscode.window as { showInputBox: unknown }).showInputBox = async (options: vscode.InputBoxOptions) => {
    calls.push(options);
    return value;
  };
  return { calls, restore: () => ((vscode.window as { showInputBox: unknown }).showInputBox = original) };
}

/** Answers the reset confirmation with its "Reset Password" button. */
export const confirmReset: WarningStub = async (_m, _o, ...items) =>
  items.find((i) => (i as { title?: string })?.title === 'Reset Password');

/** Runs Reset Password on `target` with the confirmation answered by `answer`; returns what the modal was asked. */
export async function resetAnswering(
  target: unknown,
  answer: WarningStub,
): Promise<Array<{ message: string; detail?: string }>> {
  const stub = stubWarnings(answer);
  try {
    await vscode.commands.executeCommand('directoryReset.resetPassword', target);
  } finally {
    stub.restore();
  }
  return stub.calls;
}
