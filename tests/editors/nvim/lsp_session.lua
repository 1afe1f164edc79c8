-- Drives `cpupolicy lsp` from Neovim's built-in LSP client (the vim.lsp API of Neovim 0.7.2, Debian 12's), headless:
--   CPUPOLICY_LSP_CMD='["dotnet","/path/cpupolicy.dll","lsp"]' CPUPOLICY_LSP_DIR=/tmp/ws CPUPOLICY_LSP_OUT=/tmp/out.json \
--     nvim --headless --clean -c 'luafile tests/editors/nvim/lsp_session.lua'
-- The workspace holds main.cpupolicy (including hosts.cpupolicy) with a misspelt feature on line 4. The script opens
-- it, waits for the diagnostics, asks for completion at the typo, renames the pool `homelab` across both files with
-- vim.lsp.util.apply_workspace_edit and writes the buffers. What it saw goes to CPUPOLICY_LSP_OUT as JSON; the
-- xunit test (NeovimLspTests) asserts each part. Neovim exits 0 when the script ran to its end, 1 on a Lua error.
local out_path = os.getenv('CPUPOLICY_LSP_OUT')
local dir = os.getenv('CPUPOLICY_LSP_DIR')
local report = { steps = {} }

local function finish(code)
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd((code == 0) and 'qall!' or ('cquit ' .. code))
end

local ok, err = pcall(function()
  local published = {}
  local client_id = vim.lsp.start_client({
    name = 'cpupolicy',
    cmd = vim.fn.json_decode(os.getenv('CPUPOLICY_LSP_CMD')),
    root_dir = dir,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
        table.insert(published, result)
        return vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
      end,
    },
  })
  assert(client_id, 'the client did not start')
  table.insert(report.steps, 'started')

  vim.cmd('edit ' .. dir .. '/main.cpupolicy')
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(60000, function() return client.initialized end, 50), 'the server did not initialize')
  table.insert(report.steps, 'initialized')

  -- 1. The diagnostic of the typo, with its code and range, as the client received it (and as vim.diagnostic keeps it).
  assert(vim.wait(60000, function() return #published > 0 end, 50), 'no diagnostics were published')
  report.diagnostics = published[#published].diagnostics
  report.vim_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(report.vim_diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message })
  end
  table.insert(report.steps, 'diagnostics')

  -- 2. Completion at the end of the misspelt name.
  local typo = report.diagnostics[1].range
  local completion = client.request_sync('textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = typo['end'].line, character = typo['end'].character },
  }, 30000, bufnr)
  assert(completion and completion.result, 'no completion answer: ' .. vim.inspect(completion))
  local items = completion.result.items or completion.result
  report.completion = {}
  for _, item in ipairs(items) do
    if vim.startswith(item.label, 'avx') then
      table.insert(report.completion, { label = item.label, detail = item.detail })
    end
  end
  report.completion_count = #items
  table.insert(report.steps, 'completion')

  -- 3. Rename the pool `homelab` (declared in hosts.cpupolicy, used on line 3 of main.cpupolicy) to `lab`.
  local line = vim.api.nvim_buf_get_lines(bufnr, 2, 3, false)[1]
  local col = string.find(line, 'homelab', 1, true) - 1
  local rename = client.request_sync('textDocument/rename', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 2, character = col + 2 },
    newName = 'lab',
  }, 30000, bufnr)
  assert(rename and rename.result, 'no rename answer: ' .. vim.inspect(rename))
  report.rename_files = vim.tbl_keys(rename.result.changes or {})
  vim.lsp.util.apply_workspace_edit(rename.result, client.offset_encoding)
  vim.cmd('silent! wall')
  table.insert(report.steps, 'rename')

  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 50)
  table.insert(report.steps, 'stopped')
end)

if not ok then
  report.error = tostring(err)
  finish(1)
else
  finish(0)
end
