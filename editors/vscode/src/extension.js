// The cpupolicy extension: starts `cpupolicy lsp` (the native binary on PATH, or the one named in the setting
// `cpupolicy.path`) and connects VS Code's language client to it over stdio. Everything the editor shows (diagnostics,
// completion, hover, navigation, rename, formatting) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

async function activate(context) {
  const command = vscode.workspace.getConfiguration('cpupolicy').get('path') || 'cpupolicy';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient(
    'cpupolicy',
    'cpupolicy',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'cpupolicy' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.cpupolicy') },
    });
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
