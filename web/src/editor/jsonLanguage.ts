// JSON colouring as a Monarch grammar: Monaco's own JSON language runs a language-service
// worker (validation, schemas, completion) that a read-only viewer has no use for.
import type * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';

export const jsonLanguage: monaco.languages.IMonarchLanguage = {
  defaultToken: 'invalid',
  tokenizer: {
    root: [
      [/[ \t\r\n]+/, ''],
      [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'key'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/, 'number'],
      [/\b(?:true|false|null)\b/, 'keyword'],
      [/[{}[\],:]/, 'delimiter'],
    ],
  },
};
