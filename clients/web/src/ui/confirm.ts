import { h } from "./dom.js";

/**
 * Asks a yes-or-no question in a modal dialog; resolves true when the candidate confirms. The safe answer has the
 * focus, and Escape means no.
 */
export function confirmDialog(question: { title: string; message: string; confirm: string; cancel?: string }): Promise<boolean> {
  const dialog = h(
    "dialog",
    { class: "dialog", "aria-labelledby": "confirm-title" },
    h("h2", { id: "confirm-title" }, question.title),
    h("p", {}, question.message),
    h(
      "form",
      { method: "dialog", class: "row end" },
      h("button", { value: "cancel", class: "button secondary", autofocus: true }, question.cancel ?? "Cancel"),
      h("button", { value: "confirm", class: "button danger" }, question.confirm),
    ),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "confirm");
    });
    dialog.showModal();
  });
}
