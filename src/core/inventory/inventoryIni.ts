// Ansible's INI inventory format: [group] sections of host lines with key=value vars,
// [group:vars] sections, [group:children] sections naming child groups, hosts before
// any section in "ungrouped". Produces the same InventoryHost records as the YAML and
// CSV parsers (same vars, same checks); every error names the file and line.
import { expandTilde } from '../ssh/sshConfig';
import { checkUnique, invalid, secretRef, validate, type InventoryHost } from './host';

type Vars = Record<string, string>;

interface Group {
  hosts: Map<string, { vars: Vars; line: number }[]>;
  vars: Vars;
  children: Set<string>;
  /** Line of the first section header, for messages. */
  line: number;
}

const groupName = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Splits a host line into words; double or single quotes keep spaces, as Ansible's shlex does. */
function words(text: string, where: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let inWord = false;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break; // a comment after the vars
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw invalid(where, `a quoted value is not closed (missing ${quote}).`, `Close the quote on that line.`);
  if (inWord) out.push(cur);
  return out;
}

function keyValue(word: string, where: string): [string, string] {
  const eq = word.indexOf('=');
  if (eq <= 0) throw invalid(where, `"${word}" is not a key=value variable.`, 'Write host variables as key=value after the host name, e.g. ansible_host=10.0.0.1.');
  return [word.slice(0, eq), word.slice(eq + 1)];
}

/** "web[01:03]" -> web01, web02, web03 (Ansible's numeric and letter ranges). */
function expandRange(pattern: string, where: string): string[] {
  const m = /^(.*)\[([^\]:]+):([^\]:]+)\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, pre = '', from = '', to = '', post = ''] = m;
  const tails = expandRange(post, where);
  const names: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.length;
    const a = Number(from);
    const b = Number(to);
    if (b < a || b - a > 10_000) throw invalid(where, `the range [${from}:${to}] in "${pattern}" is empty or too long.`, 'Write the smaller number first, e.g. [01:20].');
    for (let i = a; i <= b; i++) names.push(`${pre}${String(i).padStart(width, '0')}`);
  } else if (/^[a-z]$/i.test(from) && /^[a-z]$/i.test(to) && from <= to) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) names.push(`${pre}${String.fromCharCode(c)}`);
  } else {
    throw invalid(where, `"${pattern}" has a range Edgeplane cannot read.`, 'Use a numeric range such as [01:20] or a letter range such as [a:f].');
  }
  return names.flatMap((n) => tails.map((t) => `${n}${t}`));
}

function parseLabels(text: string, where: string): Record<string, string> {
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      const obj = JSON.parse(t) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]));
    } catch {
      // falls through to the message below
    }
    throw invalid(where, 'edgeplane_labels is not a JSON object.', 'Write it as \'{"edgeplane.dev/site": "a"}\' or as "edgeplane.dev/site=a;tier=b".');
  }
  const out: Record<string, string> = {};
  for (const kv of t.split(';').filter((s) => s.trim())) {
    const [k = '', ...v] = kv.split('=');
    out[k.trim()] = v.join('=').trim();
  }
  return out;
}

function jumpFromArgs(v: string | undefined): string | undefined {
  const m = /-J\s+(\S+)|ProxyJump=(\S+)/.exec(v ?? '');
  return m?.[1] ?? m?.[2]?.replace(/["']/g, '');
}

export function parseIniInventory(text: string, file = 'inventory.ini', home?: string): InventoryHost[] {
  const groups = new Map<string, Group>();
  const group = (name: string, line: number): Group => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { hosts: new Map(), vars: {}, children: new Set(), line }));
    return g;
  };
  let section: { name: string; kind: 'hosts' | 'vars' | 'children' } = { name: 'ungrouped', kind: 'hosts' };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const line = (lines[i] as string).trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const m = /^\[([^\]:]+)(?::([^\]]*))?\]\s*(?:[#;].*)?$/.exec(line);
      if (!m?.[1]) throw invalid(where, `"${line}" is not a section header.`, 'Write sections as [group], [group:vars] or [group:children].');
      const name = m[1].trim();
      const kind = m[2] === undefined ? 'hosts' : m[2];
      if (kind !== 'hosts' && kind !== 'vars' && kind !== 'children') {
        throw invalid(where, `unknown section type ":${kind}" in "${line}".`, 'Use [group], [group:vars] or [group:children].');
      }
      if (!groupName.test(name)) throw invalid(where, `"${name}" is not a valid group name.`, 'Use letters, digits and "_" in group names.');
      section = { name, kind };
      group(name, i + 1);
      continue;
    }
    const g = group(section.name, i + 1);
    if (section.kind === 'children') {
      const child = words(line, where);
      if (child.length !== 1 || !groupName.test(child[0] as string)) {
        throw invalid(where, `"${line}" is not a group name (in [${section.name}:children]).`, 'List one child group per line.');
      }
      if (child[0] === section.name) throw invalid(where, `group "${section.name}" names itself as a child.`, 'Remove that line.');
      g.children.add(child[0] as string);
      group(child[0] as string, i + 1);
      continue;
    }
    if (section.kind === 'vars') {
      // In :vars sections the value is the rest of the line ("key = value" is allowed).
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(.*)$/.exec(line);
      if (!m?.[1]) throw invalid(where, `"${line}" is not a key=value variable (in [${section.name}:vars]).`, 'Write one key=value per line.');
      g.vars[m[1]] = (m[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
      continue;
    }
    const [pattern = '', ...rest] = words(line, where);
    const vars: Vars = {};
    for (const w of rest) {
      const [k, v] = keyValue(w, where);
      vars[k] = v;
    }
    for (const name of expandRange(pattern, where)) {
      const defs = g.hosts.get(name) ?? [];
      defs.push({ vars, line: i + 1 });
      g.hosts.set(name, defs);
    }
  }

  // Parents of each group, to find every group a host belongs to; a cycle is an error.
  const parents = new Map<string, Set<string>>();
  for (const [name, g] of groups) for (const c of g.children) (parents.get(c) ?? parents.set(c, new Set()).get(c)!).add(name);
  const ancestry = (name: string, path: string[] = []): string[] => {
    if (path.includes(name)) {
      const g = groups.get(name);
      throw invalid(`${file}:${g?.line ?? 1}`, `groups include each other: ${[...path, name].join(' -> ')}.`, 'Remove one of the :children entries so the groups form a tree.');
    }
    const ps = [...(parents.get(name) ?? [])];
    // Farthest ancestors first, so nearer groups' vars win (Ansible: child group vars override parent vars).
    return [...new Set([...ps.flatMap((p) => ancestry(p, [...path, name])), name])];
  };

  // Host-line vars beat group vars whatever group the host is listed in.
  const found = new Map<string, { groupVars: Vars; hostVars: Vars; groups: string[]; line: number }>();
  const allVars = groups.get('all')?.vars ?? {};
  for (const [gName, g] of groups) {
    const chain = ancestry(gName);
    const groupVars = Object.assign({}, allVars, ...chain.map((n) => groups.get(n)?.vars ?? {})) as Vars;
    for (const [name, defs] of g.hosts) {
      const prev = found.get(name);
      const hostVars = Object.assign({}, ...defs.map((d) => d.vars)) as Vars;
      found.set(name, {
        groupVars: { ...(prev?.groupVars ?? {}), ...groupVars },
        hostVars: { ...(prev?.hostVars ?? {}), ...hostVars },
        groups: [...new Set([...(prev?.groups ?? []), ...chain])],
        line: Math.min(prev?.line ?? Infinity, ...defs.map((d) => d.line)),
      });
    }
  }

  const hosts = [...found.entries()]
    .sort((a, b) => a[1].line - b[1].line)
    .map(([name, h]) => {
      const src = `${file}:${h.line}`;
      const v = { ...h.groupVars, ...h.hostVars };
      const portText = v.ansible_port ?? v.ansible_ssh_port;
      if (portText !== undefined && !/^\d+$/.test(portText)) throw invalid(src, `host "${name}" has an invalid port "${portText}".`, 'Use a TCP port between 1 and 65535.');
      const key = v.ansible_ssh_private_key_file;
      return validate({
        name,
        host: v.ansible_host ?? v.ansible_ssh_host ?? name,
        user: v.ansible_user ?? v.ansible_ssh_user,
        port: portText === undefined ? undefined : Number(portText),
        identityFile: key ? expandTilde(key, home) : undefined,
        passwordRef: secretRef(`${src} (host "${name}")`, 'ansible_ssh_pass', v.ansible_ssh_pass ?? v.ansible_password),
        sudoPasswordRef: secretRef(`${src} (host "${name}")`, 'ansible_become_pass', v.ansible_become_pass ?? v.ansible_become_password),
        proxyJump: v.edgeplane_proxy_jump ?? jumpFromArgs(v.ansible_ssh_common_args),
        labels: v.edgeplane_labels === undefined ? {} : parseLabels(v.edgeplane_labels, src),
        groups: h.groups.filter((g) => g !== 'all' && g !== 'ungrouped'),
        source: src,
      });
    });
  if (hosts.length === 0) throw invalid(file, 'the inventory lists no hosts.', 'Add host lines under a [group] section.');
  return checkUnique(hosts);
}

/** Ansible INI when the first meaningful line is a [section] or a bare host line rather than YAML or a CSV header. */
export function looksLikeIni(text: string): boolean {
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#') && !l.startsWith(';'));
  return first !== undefined && /^\[[^\]]+\]/.test(first);
}
