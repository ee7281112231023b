// Checks real results against the package's TypeScript declarations, as the TypeScript compiler reads
// kokyaku_wasm.d.ts: every declared key present (unless optional), no undeclared key, and every value of its
// declared type, recursively (unions: one member must fit).
import ts from 'typescript';

const F = ts.TypeFlags;

/** The declarations of a `.d.ts` file, to check values against its exported types by name. */
export function declarations(path) {
  const program = ts.createProgram([path], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  const exported = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(source)).map((s) => [s.name, s]));
  const typeOf = (symbol) => checker.getTypeOfSymbolAtLocation(symbol, source);
  const show = (v) => JSON.stringify(v)?.slice(0, 60);

  function check(value, type, path, out) {
    if (type.flags & (F.Any | F.Unknown)) return;
    if (type.isUnion()) {
      if (!type.types.some((member) => { const sub = []; check(value, member, path, sub); return sub.length === 0; })) {
        out.push(`${path}: ${show(value)} is not ${checker.typeToString(type)}`);
      }
      return;
    }
    const fail = () => out.push(`${path}: ${show(value)} is not ${checker.typeToString(type)}`);
    if (type.flags & F.Null) return void (value === null || fail());
    if (type.flags & F.Undefined) return void (value === undefined || fail());
    if (type.flags & F.StringLiteral || type.flags & F.NumberLiteral) return void (value === type.value || fail());
    if (type.flags & (F.String | F.TemplateLiteral)) return void (typeof value === 'string' || fail());
    if (type.flags & F.Number) return void (typeof value === 'number' || fail());
    if (type.flags & F.BooleanLiteral) return void (value === (type.intrinsicName === 'true') || fail());
    if (checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type);
      if (!Array.isArray(value) || value.length !== elements.length) return void fail();
      elements.forEach((t, i) => check(value[i], t, `${path}[${i}]`, out));
      return;
    }
    if (checker.isArrayType(type)) {
      if (!Array.isArray(value)) return void fail();
      const [element] = checker.getTypeArguments(type);
      value.slice(0, 200).forEach((v, i) => check(v, element, `${path}[${i}]`, out));
      return;
    }
    if (type.flags & F.Object || type.isIntersection()) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return void fail();
      const props = checker.getPropertiesOfType(type);
      const names = new Set(props.map((p) => p.name));
      for (const key of Object.keys(value)) if (!names.has(key)) out.push(`${path}.${key}: not declared`);
      for (const p of props) {
        if (!(p.name in value)) {
          if (!(p.flags & ts.SymbolFlags.Optional)) out.push(`${path}.${p.name}: missing`);
          continue;
        }
        check(value[p.name], typeOf(p), `${path}.${p.name}`, out);
      }
      return;
    }
    out.push(`${path}: cannot check against ${checker.typeToString(type)}`);
  }

  return {
    /** The differences between `value` and the exported type `name` (empty when it conforms). */
    mismatches(value, name) {
      const symbol = exported.get(name);
      if (!symbol) throw new Error(`${path} exports no type ${name}`);
      const out = [];
      check(value, checker.getDeclaredTypeOfSymbol(symbol), name, out);
      return out;
    },
  };
}
