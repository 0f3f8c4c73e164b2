// `npm run new-rule <id>`: scaffolds an interface rule (after cargo-semver-checks' make_new_lint.sh):
//   src/analysers/interface/rules/<id>.ts   the rule, reading a placeholder keyword `x-<id>`
//   fixtures/rules/<id>/example/             old.json, new.json, expected.json that it passes
//   src/analysers/interface/catalogue.ts     its import and its place in RULES
// The scaffold passes its own fixture test as generated; replace the keyword, the relation, the
// check and the fixture with the real ones, then run `npm run docs` for its docs/rules.md entry.
// Runs from the repository root (npm sets the working directory to it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RULES_DIR = 'src/analysers/interface/rules';
const CATALOGUE = 'src/analysers/interface/catalogue.ts';
const FIXTURES = 'fixtures/rules';

function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

const id = process.argv[2];
if (!id || process.argv.length > 3) fail('usage: npm run new-rule <id>   (an id in kebab-case, e.g. `min-contains-raised`)');
if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(id)) fail(`"${id}" is not a kebab-case id of two words or more (e.g. \`min-contains-raised\`)`);
if (!existsSync(CATALOGUE)) fail(`${CATALOGUE} not found: run it from the repository root`);

const ruleFile = path.join(RULES_DIR, `${id}.ts`);
const fixtureDir = path.join(FIXTURES, id);
for (const p of [ruleFile, fixtureDir]) if (existsSync(p)) fail(`${p} already exists`);
const catalogue = readFileSync(CATALOGUE, 'utf8');
if (catalogue.includes(`'./rules/${id}.js'`)) fail(`${CATALOGUE} already imports ./rules/${id}.js`);

const name = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
if (new RegExp(`\\b${name}\\b`).test(catalogue)) fail(`${CATALOGUE} already has a name ${name}`);
const keyword = `x-${id}`;

const ruleSource = `import { brief, has, jsonEqual } from '../../../core/json.js';
import type { Rule } from '../rule.js';

// Scaffolded by \`npm run new-rule ${id}\`: it reads the placeholder keyword \`${keyword}\`.
// Replace the keyword, the relation, the why, the hint and the check with the real ones, and
// fixtures/rules/${id}/ with cases that show them in both directions; see rule.ts for the fields.
export const ${name}: Rule = {
  id: '${id}',
  keywords: ['${keyword}'],
  relation: 'changed',
  why: {
    input: 'Requests that were accepted may now be rejected.',
    output: 'Consumers may receive values they were not promised.',
  },
  hint: 'Revert the change, or declare a major version.',
  check: (ctx) =>
    jsonEqual(ctx.old['${keyword}'], ctx.new['${keyword}'])
      ? []
      : [
          {
            old: ctx.old['${keyword}'],
            new: ctx.new['${keyword}'],
            side: has(ctx.new, '${keyword}') ? 'new' : 'old',
            message: \`\\\`${keyword}\\\` \${brief(ctx.old['${keyword}'])} → \${brief(ctx.new['${keyword}'])}\`,
          },
        ],
};
`;

const json = (v) => `${JSON.stringify(v, null, 2)}\n`;
const oldSchema = { type: 'object', properties: { value: { type: 'string' } } };
const newSchema = { type: 'object', properties: { value: { type: 'string', [keyword]: true } } };
const finding = { id, bump: 'major', pointer: '/properties/value', instancePath: '/value' };
const expected = { input: { required: 'major', findings: [finding] }, output: { required: 'major', findings: [finding] } };

// Registration: the import beside the other rule imports, in order; the rule just before the
// safety net `keywordChanged`, which stays last.
const lines = catalogue.split('\n');
const importLine = `import { ${name} } from './rules/${id}.js';`;
const ruleImports = lines.map((l, i) => [l, i]).filter(([l]) => /^import \{ \w+ \} from '\.\/rules\/[^']+\.js';$/.test(l));
if (ruleImports.length === 0) fail(`${CATALOGUE}: no \`import { … } from './rules/….js'\` line to place the import beside`);
const after = ruleImports.filter(([l]) => l.localeCompare(importLine) < 0).at(-1) ?? [null, ruleImports[0][1] - 1];
lines.splice(after[1] + 1, 0, importLine);
const net = lines.findIndex((l) => l === '  keywordChanged,');
if (net < 0) fail(`${CATALOGUE}: no \`  keywordChanged,\` line in RULES to place the rule before`);
lines.splice(net, 0, `  ${name},`);

writeFileSync(ruleFile, ruleSource);
mkdirSync(path.join(fixtureDir, 'example'), { recursive: true });
writeFileSync(path.join(fixtureDir, 'example', 'old.json'), json(oldSchema));
writeFileSync(path.join(fixtureDir, 'example', 'new.json'), json(newSchema));
writeFileSync(path.join(fixtureDir, 'example', 'expected.json'), json(expected));
writeFileSync(CATALOGUE, lines.join('\n'));

process.stdout.write(`Created ${ruleFile}
Created ${fixtureDir}/example/{old,new,expected}.json
Registered ${name} in ${CATALOGUE}

Next:
  1. Write the rule: its keywords, relation, why, hint and check (src/analysers/interface/rule.ts).
  2. Replace the example fixture with real cases (a second one if the bump depends on policy).
  3. npx vitest run test/interface/rules.test.ts -t ${id}
  4. npm run docs   (adds its entry to docs/rules.md)
`);
