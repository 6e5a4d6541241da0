// The browser side of pmwidgets' CellGrid: a table of text that draws only the rows in view
// and repaints only the cells the kernel changes, so an edit never rebuilds the table, scrolls
// it or drops its selection. Every typed value goes to the kernel, which validates it and
// answers with the cells to show (the old text when it refuses).

const OVERSCAN = 8;
const MIN_COLUMN_WIDTH = 30;

function rowsInView(state) {
  const {scroller, rowHeight, table} = state;
  const count = table.rows.length;
  const first = Math.max(0, Math.floor(scroller.scrollTop / rowHeight) - OVERSCAN);
  const shown = state.visibleRows + 1 + 2 * OVERSCAN;
  return [first, Math.min(count, first + shown)];
}

function cellText(value) {
  return value === null || value === undefined ? "" : String(value);
}

function fillCell(cell, value, note) {
  const text = cellText(value);
  if (cell.textContent !== text) cell.textContent = text;
  const title = note ? `${text}\n(${note})` : text;
  if (cell.title !== title) cell.title = title;
}

function noteOf(state, index) {
  return state.locked.has(state.table.keys[index]) ? state.note : "";
}

function makeRow(state, index) {
  const row = document.createElement("div");
  row.className = "pmw-cg-row";
  row.setAttribute("role", "row");
  row.style.top = `${index * state.rowHeight}px`;
  row.style.height = `${state.rowHeight}px`;
  row.dataset.row = String(index);
  const values = state.table.rows[index];
  const note = noteOf(state, index);
  state.columns.forEach((column, c) => {
    const cell = document.createElement("div");
    cell.className = column.editable ? "pmw-cg-cell" : "pmw-cg-cell pmw-cg-computed";
    cell.setAttribute("role", "gridcell");
    cell.style.width = `${column.width}px`;
    cell.dataset.col = String(c);
    fillCell(cell, values[c], note);
    row.appendChild(cell);
  });
  markRow(state, row, index);
  return row;
}

function markRow(state, row, index) {
  const key = state.table.keys[index];
  row.classList.toggle("pmw-cg-selected", state.selected.has(key));
  row.classList.toggle("pmw-cg-locked", state.locked.has(key));
  row.setAttribute("aria-selected", state.selected.has(key) ? "true" : "false");
  for (const cell of row.children) {
    const active = state.active && state.active.row === index && Number(cell.dataset.col) === state.active.col;
    cell.classList.toggle("pmw-cg-active", Boolean(active));
  }
}

function paint(state) {
  const [first, last] = rowsInView(state);
  for (const [index, row] of state.drawn) {
    if (index < first || index >= last) {
      row.remove();
      state.drawn.delete(index);
    }
  }
  for (let index = first; index < last; index++) {
    if (!state.drawn.has(index)) {
      const row = makeRow(state, index);
      state.body.appendChild(row);
      state.drawn.set(index, row);
    }
  }
}

function layout(state) {
  const shown = Math.max(1, Math.min(state.table.rows.length, state.visibleRows));
  const width = state.columns.reduce((sum, column) => sum + column.width, 0);
  state.scroller.style.height = `${state.headerHeight + shown * state.rowHeight + state.scrollbar}px`;
  state.body.style.height = `${state.table.rows.length * state.rowHeight}px`;
  state.body.style.width = `${width}px`;
  state.header.style.width = `${width}px`;
  state.root.setAttribute("aria-rowcount", String(state.table.rows.length));
}

function drawHeader(state) {
  state.header.replaceChildren();
  state.header.style.height = `${state.headerHeight}px`;
  state.columns.forEach((column, c) => {
    const cell = document.createElement("div");
    cell.className = column.editable ? "pmw-cg-head" : "pmw-cg-head pmw-cg-computed";
    cell.setAttribute("role", "columnheader");
    cell.style.width = `${column.width}px`;
    cell.textContent = column.name;
    cell.title = column.tooltip || column.name;
    const handle = document.createElement("div");
    handle.className = "pmw-cg-resize";
    handle.title = `Drag to widen or narrow ${column.name}`;
    handle.addEventListener("mousedown", (event) => startResize(state, c, event));
    cell.appendChild(handle);
    state.header.appendChild(cell);
  });
}

// Dragging a header's right edge sets the column's width in this view (the kernel's widths
// are where every view starts).
function startResize(state, col, event) {
  event.preventDefault();
  event.stopPropagation();
  const start = event.clientX;
  const width = state.columns[col].width;
  const move = (moved) => {
    const next = Math.max(MIN_COLUMN_WIDTH, Math.round(width + moved.clientX - start));
    if (next === state.columns[col].width) return;
    state.columns = state.columns.map((column, c) => (c === col ? {...column, width: next} : column));
    state.header.children[col].style.width = `${next}px`;
    redrawAll(state);
  };
  const stop = () => {
    window.removeEventListener("mousemove", move);
    window.removeEventListener("mouseup", stop);
  };
  window.addEventListener("mousemove", move);
  window.addEventListener("mouseup", stop);
}

function redrawAll(state) {
  state.body.querySelectorAll(".pmw-cg-row").forEach((row) => row.remove());
  state.drawn.clear();
  layout(state);
  paint(state);
}

function remark(state) {
  for (const [index, row] of state.drawn) markRow(state, row, index);
}

function scrollIntoView(state, index) {
  const {scroller, rowHeight} = state;
  const top = index * rowHeight;
  const room = Math.max(1, Math.min(state.table.rows.length, state.visibleRows)) * rowHeight;
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  else if (top + rowHeight > scroller.scrollTop + room) scroller.scrollTop = top + rowHeight - room;
}

// The first row in view, for views that follow the table (the Gantt chart beside it).
function reportTop(state) {
  const top = Math.floor(state.scroller.scrollTop / state.rowHeight);
  if (top !== state.model.get("top_row")) {
    state.model.set("top_row", top);
    state.model.save_changes();
  }
}

function canEdit(state, index, col) {
  return Boolean(state.model.get("editable") && state.columns[col] && state.columns[col].editable
    && !state.locked.has(state.table.keys[index]));
}

function openEditor(state, index, col, initial) {
  if (index < 0 || index >= state.table.rows.length || !canEdit(state, index, col)) return;
  closeEditor(state, false);
  scrollIntoView(state, index);
  const column = state.columns[col];
  const left = state.columns.slice(0, col).reduce((sum, c) => sum + c.width, 0);
  const input = document.createElement("input");
  input.className = "pmw-cg-editor";
  input.type = "text";
  input.setAttribute("aria-label", `${column.name}, row ${index + 1}`);
  input.style.top = `${index * state.rowHeight}px`;
  input.style.left = `${left}px`;
  input.style.width = `${column.width}px`;
  input.style.height = `${state.rowHeight}px`;
  input.value = initial === undefined ? cellText(state.table.rows[index][col]) : initial;
  state.editor = {input, row: index, col, key: state.table.keys[index]};
  input.addEventListener("keydown", (event) => onEditorKey(state, event));
  input.addEventListener("blur", () => closeEditor(state, true));
  state.body.appendChild(input);
  input.focus();
  if (initial === undefined) input.select();
}

function closeEditor(state, commit) {
  const editor = state.editor;
  if (!editor) return;
  state.editor = null;
  editor.input.remove();
  const index = state.table.keys.indexOf(editor.key);
  if (!commit || index < 0) return;
  const value = editor.input.value;
  if (value === cellText(state.table.rows[index][editor.col])) return;
  state.table.rows[index][editor.col] = value;
  const row = state.drawn.get(index);
  if (row) fillCell(row.children[editor.col], value, noteOf(state, index));
  state.model.send({type: "edit", key: editor.key, column: state.columns[editor.col].name, value});
}

function onEditorKey(state, event) {
  const {row, col} = state.editor;
  event.stopPropagation();
  if (event.key === "Enter" || event.key === "Tab") {
    event.preventDefault();
    closeEditor(state, true);
    const next = event.key === "Enter" ? [row + (event.shiftKey ? -1 : 1), col] : [row, col + (event.shiftKey ? -1 : 1)];
    moveTo(state, next[0], next[1], false);
    state.root.focus({preventScroll: true});
  } else if (event.key === "Escape") {
    event.preventDefault();
    closeEditor(state, false);
    state.root.focus({preventScroll: true});
  }
}

function sendSelection(state) {
  state.model.set("selection", [...state.selected]);
  state.model.save_changes();
}

function moveTo(state, index, col, extend) {
  const count = state.table.rows.length;
  if (count === 0) return;
  index = Math.max(0, Math.min(count - 1, index));
  col = Math.max(0, Math.min(state.columns.length - 1, col));
  const key = state.table.keys[index];
  if (extend && state.anchor !== null) {
    const anchor = Math.max(0, state.table.keys.indexOf(state.anchor));
    const [low, high] = anchor <= index ? [anchor, index] : [index, anchor];
    state.selected = new Set(state.table.keys.slice(low, high + 1));
  } else {
    state.selected = new Set([key]);
    state.anchor = key;
  }
  state.active = {row: index, col};
  scrollIntoView(state, index);
  paint(state);
  remark(state);
  sendSelection(state);
}

function onMouseDown(state, event) {
  const cell = event.target.closest(".pmw-cg-cell");
  if (!cell || event.button !== 0) return;
  const index = Number(cell.parentElement.dataset.row);
  const col = Number(cell.dataset.col);
  const key = state.table.keys[index];
  if (event.ctrlKey || event.metaKey) {
    const selected = new Set(state.selected);
    if (selected.has(key)) selected.delete(key);
    else selected.add(key);
    state.selected = selected;
    state.anchor = key;
    state.active = {row: index, col};
    remark(state);
    sendSelection(state);
  } else {
    moveTo(state, index, col, event.shiftKey);
  }
}

// A key the table acts on is not also a JupyterLab shortcut (in command mode, "a" would
// insert a cell and arrows would move between cells).
function handled(event) {
  event.preventDefault();
  event.stopPropagation();
}

// Selected rows as a spreadsheet takes them: cells separated by tabs, rows by newlines, a cell
// with a tab, newline or quote quoted.
function selectedText(state) {
  const quote = (text) => (/[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return state.table.keys
    .flatMap((key, row) => (state.selected.has(key) ? [state.table.rows[row]] : []))
    .map((values) => values.map((value) => quote(cellText(value))).join("\t"))
    .join("\n");
}

function copySelection(state) {
  const text = selectedText(state);
  if (!text) return;
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).catch(() => copyByCommand(text));
  } else {
    copyByCommand(text);
  }
}

function copyByCommand(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

function onPaste(state, event) {
  if (document.activeElement !== state.root || state.editor || !state.active) return;
  const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
  event.preventDefault();
  if (!text) return;
  const {row, col} = state.active;
  state.model.send({type: "paste", key: state.table.keys[row], column: state.columns[col].name, value: text});
}

function onKey(state, event) {
  if (state.editor) return;
  if ((event.ctrlKey || event.metaKey) && (event.key === "c" || event.key === "v")) {
    // Not JupyterLab's copy or paste of notebook cells; ctrl-V goes on to the paste event.
    event.stopPropagation();
    if (event.key === "c") {
      event.preventDefault();
      copySelection(state);
    }
    return;
  }
  if (!state.active) return;
  const {row, col} = state.active;
  const page = Math.max(1, state.visibleRows - 1);
  const moves = {
    ArrowUp: [row - 1, col], ArrowDown: [row + 1, col],
    ArrowLeft: [row, col - 1], ArrowRight: [row, col + 1],
    PageUp: [row - page, col], PageDown: [row + page, col],
    Home: [row, 0], End: [row, state.columns.length - 1],
  };
  if (moves[event.key]) {
    handled(event);
    moveTo(state, moves[event.key][0], moves[event.key][1], event.shiftKey && event.key.startsWith("Arrow"));
  } else if (event.key === "Enter" || event.key === "F2") {
    handled(event);
    openEditor(state, row, col);
  } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    handled(event);
    if (canEdit(state, row, col)) openEditor(state, row, col, event.key);
  }
}

function onPatch(state, message) {
  if (!message || message.type !== "patch") return;
  message.rows.forEach((index, n) => {
    const values = message.values[n];
    state.table.rows[index] = values;
    const row = state.drawn.get(index);
    if (!row) return;
    const note = noteOf(state, index);
    values.forEach((value, c) => {
      if (!(state.editor && state.editor.row === index && state.editor.col === c)) fillCell(row.children[c], value, note);
    });
  });
}

function onSelection(state) {
  const keys = state.model.get("selection") || [];
  state.selected = new Set(keys);
  if (keys.length) {
    const index = state.table.keys.indexOf(keys[0]);
    if (index >= 0) {
      if (!state.active || state.table.keys[state.active.row] !== keys[0]) {
        state.active = {row: index, col: state.active ? state.active.col : 0};
        scrollIntoView(state, index);
        paint(state);
      }
      state.anchor = keys[0];
    }
  }
  remark(state);
}

function render({model, el}) {
  const root = document.createElement("div");
  root.className = "pmw-cg";
  root.tabIndex = 0;
  root.setAttribute("role", "grid");
  root.dataset.lmSuppressShortcuts = "true";
  const scroller = document.createElement("div");
  scroller.className = "pmw-cg-scroll";
  const header = document.createElement("div");
  header.className = "pmw-cg-header";
  header.setAttribute("role", "row");
  const body = document.createElement("div");
  body.className = "pmw-cg-body";
  scroller.append(header, body);
  root.appendChild(scroller);
  el.appendChild(root);

  const state = {
    model, root, scroller, header, body,
    table: model.get("table"),
    columns: model.get("columns"),
    rowHeight: model.get("row_height"),
    headerHeight: model.get("header_height"),
    visibleRows: model.get("visible_rows"),
    scrollbar: model.get("scrollbar_height"),
    drawn: new Map(),
    selected: new Set(model.get("selection") || []),
    locked: new Set(model.get("locked") || []),
    note: model.get("locked_note"),
    anchor: null,
    active: null,
    editor: null,
  };
  // What tests and benchmarks read: the cells as the page holds them.
  root.pmwGrid = {
    cell: (row, col) => cellText(state.table.rows[row][col]),
    column: (col) => state.table.rows.map((values) => cellText(values[col])),
    rowCount: () => state.table.rows.length,
    scrollToRow: (row) => { scrollIntoView(state, row); paint(state); },
    selectedRows: () => state.table.keys.flatMap((key, row) => (state.selected.has(key) ? [row] : [])),
    editable: () => Boolean(model.get("editable")),
  };

  let frame = 0;
  scroller.addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; paint(state); reportTop(state); });
  });
  body.addEventListener("mousedown", (event) => onMouseDown(state, event));
  body.addEventListener("dblclick", (event) => {
    const cell = event.target.closest(".pmw-cg-cell");
    if (cell) openEditor(state, Number(cell.parentElement.dataset.row), Number(cell.dataset.col));
  });
  root.addEventListener("keydown", (event) => onKey(state, event));
  const onPasteEvent = (event) => onPaste(state, event);
  document.addEventListener("paste", onPasteEvent);

  const onTable = () => {
    closeEditor(state, false);
    state.table = model.get("table");
    if (state.active && state.active.row >= state.table.rows.length) state.active = null;
    redrawAll(state);
  };
  const onColumns = () => {
    state.columns = model.get("columns");
    drawHeader(state);
    redrawAll(state);
  };
  const onEditable = () => {
    root.classList.toggle("pmw-cg-read-only", !model.get("editable"));
    if (!model.get("editable")) closeEditor(state, false);
  };
  const onLocked = () => {
    state.locked = new Set(model.get("locked") || []);
    state.note = model.get("locked_note");
    if (state.editor && state.locked.has(state.editor.key)) closeEditor(state, false);
    redrawAll(state);
  };
  const onMessage = (message) => onPatch(state, message);
  const onSelect = () => onSelection(state);
  const listeners = [
    ["change:table", onTable],
    ["change:columns", onColumns],
    ["change:editable", onEditable],
    ["change:selection", onSelect],
    ["change:locked", onLocked],
    ["change:locked_note", onLocked],
    ["msg:custom", onMessage],
  ];
  listeners.forEach(([name, listener]) => model.on(name, listener));

  drawHeader(state);
  onEditable();
  layout(state);
  paint(state);
  onSelection(state);
  return () => {
    listeners.forEach(([name, listener]) => model.off(name, listener));
    document.removeEventListener("paste", onPasteEvent);
  };
}

export default {render};
