// The parts of CodeMirror 6 the playground's editor uses, exposed as one global: CM.
export { EditorState, Compartment, StateEffect, StateField } from "@codemirror/state";
export { EditorView, keymap, drawSelection, highlightSpecialChars } from "@codemirror/view";
export { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
export {
  syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput, syntaxTree, ensureSyntaxTree,
} from "@codemirror/language";
export { json } from "@codemirror/lang-json";
export {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion, acceptCompletion,
  completionStatus,
} from "@codemirror/autocomplete";
export { linter, forceLinting, lintKeymap } from "@codemirror/lint";
export { tags } from "@lezer/highlight";
