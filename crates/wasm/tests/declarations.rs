//! The JS API's TypeScript declarations (`src/types/`, written by hand into `kokyaku_wasm.d.ts`) against the
//! Rust types behind them, so that the two cannot drift apart: the declarations are parsed, and the serde
//! output of every analysis on real data (CDNOW, a generated export) is checked against the type declared for
//! it, recursively, as the TypeScript compiler would read it: every key declared (unless optional), no key
//! undeclared, every value of its declared type (a union: one of its members).
//!
//! Every declared interface must be reached by a sample here with a value, or be named in [`ELSEWHERE`] with
//! the reason it is not, so an interface added without a check fails this test. The browser tests
//! (`tests/browser/embed.test.mjs`) check the API's real results in a page too; this one runs in
//! `cargo test`, and on data that fills every array.

use std::collections::{BTreeMap, BTreeSet};

use kokyaku_core::analysis::acquisition::{acquisition, AcquisitionBy, AcquisitionParams};
use kokyaku_core::analysis::basket::{basket, BasketParams};
use kokyaku_core::analysis::cohort::{cohorts, Granularity};
use kokyaku_core::analysis::cpm::{cpm, CpmParams};
use kokyaku_core::analysis::dashboard::{dashboard, DashboardParams};
use kokyaku_core::analysis::default_as_of;
use kokyaku_core::analysis::history::{history, HistoryParams};
use kokyaku_core::analysis::ltv::report::LtvReport;
use kokyaku_core::analysis::ltv::summary::{SummaryParams, TimeUnit};
use kokyaku_core::analysis::ltv::{predictive_ltv, LtvParams, TransactionModelKind};
use kokyaku_core::analysis::migration::{migration, MigrationBy, MigrationParams};
use kokyaku_core::analysis::repeat::{repeat, RepeatParams};
use kokyaku_core::analysis::rfm::{rfm, RfmParams};
use kokyaku_core::ingest::{ingest_files, PresetChoice, PresetId};
use kokyaku_core::report::SummaryReport;
use kokyaku_core::segment::{
    export, select, CustomerTable, Encoding, ExportOptions, Field, Layout, Query, TableParams,
    Unmappable,
};
use kokyaku_core::{Day, IngestOptions, Ingested};
use kokyaku_gen::{generate, Format, GenOptions};
use serde::Serialize;
use serde_json::Value;

/// Declared interfaces that no core type serialises into, each with where its values are checked.
const ELSEWHERE: [(&str, &str); 11] = [
    (
        "IngestOptions",
        "src/convert.rs's own struct; its keys are the core's (see the test below)",
    ),
    (
        "OrderInput",
        "read key by key in src/orders.rs; tests/browser/embed.test.mjs passes real orders",
    ),
    (
        "ProductInput",
        "read key by key in src/orders.rs; tests/browser/embed.test.mjs passes real orders",
    ),
    (
        "CohortParams",
        "src/analyses.rs's own struct; its one key is the `granularity` of Cohorts",
    ),
    (
        "SegmentOptions",
        "src/segments.rs's own struct; tests/browser/types/usage.ts compiles its use",
    ),
    (
        "SegmentResult",
        "src/segments.rs's own struct; tests/browser/embed.test.mjs checks real results",
    ),
    (
        "ListReport",
        "src/segments.rs's own struct; tests/browser/segment-lists.test.mjs checks real results",
    ),
    (
        "SkippedCustomer",
        "inside ListReport; tests/browser/segment-lists.test.mjs checks real results",
    ),
    (
        "SegmentExport",
        "built by src/segments.rs from an export's bytes and its ListReport",
    ),
    (
        "PhonesNotE164",
        "src/segments.rs's own struct; tests/browser/segment-lists.test.mjs checks real results",
    ),
    (
        "SegmentStarter",
        "src/segments.rs's own struct; tests/browser/embed.test.mjs checks real results",
    ),
];

// ---------------------------------------------------------------------------------------------------------
// The declarations: a parser for the part of TypeScript that `src/types/` uses.

/// A type expression.
#[derive(Clone, Debug)]
enum Ty {
    String,
    Number,
    Boolean,
    Null,
    /// A string literal type (`'purchase'`).
    Literal(String),
    /// A template literal type (`` `${CpmStage}_active` ``), checked as a string.
    Template,
    /// A value the JSON of a Rust type never holds (`Uint8Array`, `Date`): no check.
    Opaque,
    /// `never`: no value has this type (`Record<string, never>` is an empty object).
    Never,
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    Object(Vec<Member>),
    Union(Vec<Ty>),
    Intersection(Vec<Ty>),
    /// A named type with its arguments, before resolution.
    Ref(String, Vec<Ty>),
    /// `Record<K, V>` (keys of type K, values of type V).
    Record(Box<Ty>, Box<Ty>),
    /// A resolved declared interface or alias, named so that checks can say which were reached.
    Named(String, Box<Ty>),
}

#[derive(Clone, Debug)]
struct Member {
    name: String,
    optional: bool,
    ty: Ty,
}

/// A declared interface or type alias.
#[derive(Clone, Debug)]
struct Decl {
    params: Vec<String>,
    body: Ty,
    interface: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Template,
    Punct(char),
}

fn tokens(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() => i += 1,
            '/' if chars.get(i + 1) == Some(&'*') => {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    i += 1;
                }
                i += 2;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' | '"' => {
                let end = (i + 1..chars.len())
                    .find(|&j| chars[j] == c)
                    .expect("closed string");
                out.push(Tok::Str(chars[i + 1..end].iter().collect()));
                i = end + 1;
            }
            '`' => {
                let end = (i + 1..chars.len())
                    .find(|&j| chars[j] == '`')
                    .expect("closed template");
                out.push(Tok::Template);
                i = end + 1;
            }
            _ if c.is_alphanumeric() || c == '_' || c == '$' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
                {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
            }
            _ => {
                out.push(Tok::Punct(c));
                i += 1;
            }
        }
    }
    out
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Tok {
        let t = self.toks[self.at].clone();
        self.at += 1;
        t
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) {
        assert!(
            self.eat(c),
            "expected '{c}' at token {}: {:?}",
            self.at,
            self.peek()
        );
    }

    fn ident(&mut self) -> String {
        match self.next() {
            Tok::Ident(s) => s,
            t => panic!("expected a name, found {t:?}"),
        }
    }

    /// `type := ['|'] intersection ('|' intersection)*`
    fn ty(&mut self) -> Ty {
        self.eat('|');
        let mut members = vec![self.intersection()];
        while self.eat('|') {
            members.push(self.intersection());
        }
        if members.len() == 1 {
            members.pop().unwrap()
        } else {
            Ty::Union(members)
        }
    }

    fn intersection(&mut self) -> Ty {
        let mut parts = vec![self.postfix()];
        while self.eat('&') {
            parts.push(self.postfix());
        }
        if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Ty::Intersection(parts)
        }
    }

    fn postfix(&mut self) -> Ty {
        let mut ty = self.primary();
        while self.peek() == Some(&Tok::Punct('['))
            && self.toks.get(self.at + 1) == Some(&Tok::Punct(']'))
        {
            self.at += 2;
            ty = Ty::Array(Box::new(ty));
        }
        ty
    }

    fn primary(&mut self) -> Ty {
        match self.next() {
            Tok::Punct('(') => {
                let ty = self.ty();
                self.expect(')');
                ty
            }
            Tok::Punct('{') => Ty::Object(self.members()),
            Tok::Punct('[') => {
                let mut elements = vec![self.ty()];
                while self.eat(',') {
                    elements.push(self.ty());
                }
                self.expect(']');
                Ty::Tuple(elements)
            }
            Tok::Str(s) => Ty::Literal(s),
            Tok::Template => Ty::Template,
            Tok::Ident(name) => {
                let mut args = Vec::new();
                if self.eat('<') {
                    args.push(self.ty());
                    while self.eat(',') {
                        args.push(self.ty());
                    }
                    self.expect('>');
                }
                match name.as_str() {
                    "string" => Ty::String,
                    "number" => Ty::Number,
                    "boolean" => Ty::Boolean,
                    "null" => Ty::Null,
                    "never" => Ty::Never,
                    _ => Ty::Ref(name, args),
                }
            }
            t => panic!("unexpected {t:?} in a type"),
        }
    }

    /// Members up to the closing brace: `name?: type` separated by `;` or `,`.
    fn members(&mut self) -> Vec<Member> {
        let mut members = Vec::new();
        while !self.eat('}') {
            let name = self.ident();
            let optional = self.eat('?');
            self.expect(':');
            let ty = self.ty();
            members.push(Member { name, optional, ty });
            let _ = self.eat(';') || self.eat(',');
        }
        members
    }

    /// `<P, Q>` after a declared name, if there.
    fn params(&mut self) -> Vec<String> {
        let mut params = Vec::new();
        if self.eat('<') {
            params.push(self.ident());
            while self.eat(',') {
                params.push(self.ident());
            }
            self.expect('>');
        }
        params
    }

    fn declarations(mut self) -> BTreeMap<String, Decl> {
        let mut decls = BTreeMap::new();
        while self.peek().is_some() {
            assert_eq!(self.ident(), "export");
            let (name, decl) = match self.ident().as_str() {
                "interface" => {
                    let name = self.ident();
                    let params = self.params();
                    let mut parts = Vec::new();
                    if self.peek() == Some(&Tok::Ident("extends".into())) {
                        self.at += 1;
                        parts.push(Ty::Ref(self.ident(), Vec::new()));
                    }
                    self.expect('{');
                    parts.push(Ty::Object(self.members()));
                    let body = if parts.len() == 1 {
                        parts.pop().unwrap()
                    } else {
                        Ty::Intersection(parts)
                    };
                    (
                        name,
                        Decl {
                            params,
                            body,
                            interface: true,
                        },
                    )
                }
                "type" => {
                    let name = self.ident();
                    let params = self.params();
                    self.expect('=');
                    let body = self.ty();
                    self.expect(';');
                    (
                        name,
                        Decl {
                            params,
                            body,
                            interface: false,
                        },
                    )
                }
                other => panic!("unexpected declaration 'export {other}'"),
            };
            assert!(
                decls.insert(name.clone(), decl).is_none(),
                "{name} declared twice"
            );
        }
        decls
    }
}

/// The TypeScript text of the crate's `typescript_custom_section`s, one per file of `src/types/`.
fn declared_text() -> String {
    [
        (include_str!("../src/types/mod.rs"), "TYPES"),
        (include_str!("../src/types/analyses.rs"), "ANALYSES"),
        (include_str!("../src/types/segments.rs"), "SEGMENTS"),
        (include_str!("../src/types/ltv.rs"), "LTV"),
        (include_str!("../src/types/insights.rs"), "INSIGHTS"),
        (include_str!("../src/types/reasons.rs"), "REASONS"),
    ]
    .iter()
    .map(|(source, name)| {
        let head = format!("const {name}: &str = r#\"");
        let start = source.find(&head).expect("the section") + head.len();
        let end = start
            + source[start..]
                .find("\"#;")
                .expect("the end of the section");
        &source[start..end]
    })
    .collect::<Vec<_>>()
    .join("\n")
}

struct Declarations {
    decls: BTreeMap<String, Decl>,
}

impl Declarations {
    fn parse() -> Declarations {
        let decls = Parser {
            toks: tokens(&declared_text()),
            at: 0,
        }
        .declarations();
        Declarations { decls }
    }

    fn interfaces(&self) -> BTreeSet<String> {
        self.decls
            .iter()
            .filter(|(_, d)| d.interface)
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// `ty` with every name resolved (generic parameters from `env`), `Partial` and `Record` applied.
    fn resolve(&self, ty: &Ty, env: &BTreeMap<String, Ty>) -> Ty {
        let all = |tys: &[Ty]| tys.iter().map(|t| self.resolve(t, env)).collect::<Vec<_>>();
        match ty {
            Ty::Array(t) => Ty::Array(Box::new(self.resolve(t, env))),
            Ty::Tuple(ts) => Ty::Tuple(all(ts)),
            Ty::Union(ts) => Ty::Union(all(ts)),
            Ty::Intersection(ts) => Ty::Intersection(all(ts)),
            Ty::Object(members) => Ty::Object(
                members
                    .iter()
                    .map(|m| Member {
                        ty: self.resolve(&m.ty, env),
                        ..m.clone()
                    })
                    .collect(),
            ),
            Ty::Ref(name, args) => {
                if let Some(t) = env.get(name) {
                    return t.clone();
                }
                let args = all(args);
                match name.as_str() {
                    "Partial" => partial(&args[0]),
                    "Record" => Ty::Record(Box::new(args[0].clone()), Box::new(args[1].clone())),
                    "Uint8Array" | "Date" => Ty::Opaque,
                    _ => {
                        let decl = self
                            .decls
                            .get(name)
                            .unwrap_or_else(|| panic!("{name} is not declared"));
                        assert_eq!(decl.params.len(), args.len(), "type arguments of {name}");
                        let env = decl.params.iter().cloned().zip(args).collect();
                        Ty::Named(name.clone(), Box::new(self.resolve(&decl.body, &env)))
                    }
                }
            }
            other => other.clone(),
        }
    }

    fn named(&self, name: &str) -> Ty {
        self.resolve(&Ty::Ref(name.to_string(), Vec::new()), &BTreeMap::new())
    }
}

/// Every member of the object types in `ty` made optional.
fn partial(ty: &Ty) -> Ty {
    match ty {
        Ty::Object(members) => Ty::Object(
            members
                .iter()
                .map(|m| Member {
                    optional: true,
                    ..m.clone()
                })
                .collect(),
        ),
        Ty::Named(n, t) => Ty::Named(n.clone(), Box::new(partial(t))),
        Ty::Intersection(ts) => Ty::Intersection(ts.iter().map(partial).collect()),
        Ty::Union(ts) => Ty::Union(ts.iter().map(partial).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Checking JSON values against the resolved types.

/// The object shapes a type allows (an intersection merges its parts; a union lists its members), or `None`
/// when it is not an object type.
fn shapes(ty: &Ty) -> Option<Vec<(Vec<Member>, Vec<String>)>> {
    match ty {
        Ty::Object(members) => Some(vec![(members.clone(), Vec::new())]),
        Ty::Named(name, t) => shapes(t).map(|s| {
            s.into_iter()
                .map(|(m, mut names)| {
                    names.push(name.clone());
                    (m, names)
                })
                .collect()
        }),
        Ty::Union(ts) => {
            let mut out = Vec::new();
            for t in ts {
                out.extend(shapes(t)?);
            }
            Some(out)
        }
        Ty::Intersection(ts) => {
            let mut out = vec![(Vec::new(), Vec::new())];
            for t in ts {
                let mut next = Vec::new();
                for (members, names) in &out {
                    for (more, more_names) in shapes(t)? {
                        let mut m = members.clone();
                        m.extend(more);
                        let mut n = names.clone();
                        n.extend(more_names);
                        next.push((m, n));
                    }
                }
                out = next;
            }
            Some(out)
        }
        _ => None,
    }
}

fn show(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Null => "null".into(),
        Ty::Literal(s) => format!("'{s}'"),
        Ty::Template => "`…`".into(),
        Ty::Opaque => "opaque".into(),
        Ty::Never => "never".into(),
        Ty::Array(t) => format!("{}[]", show(t)),
        Ty::Tuple(ts) => format!("[{}]", ts.iter().map(show).collect::<Vec<_>>().join(", ")),
        Ty::Object(_) => "{…}".into(),
        Ty::Union(ts) => ts.iter().map(show).collect::<Vec<_>>().join(" | "),
        Ty::Intersection(ts) => ts.iter().map(show).collect::<Vec<_>>().join(" & "),
        Ty::Ref(n, _) | Ty::Named(n, _) => n.clone(),
        Ty::Record(k, v) => format!("Record<{}, {}>", show(k), show(v)),
    }
}

fn clip(value: &Value) -> String {
    value.to_string().chars().take(60).collect()
}

/// Records in `out` how `value` (at `path`) differs from `ty`, and in `reached` the declared types it filled.
fn check(
    value: &Value,
    ty: &Ty,
    path: &str,
    out: &mut Vec<String>,
    reached: &mut BTreeSet<String>,
) {
    let fail =
        |out: &mut Vec<String>| out.push(format!("{path}: {} is not {}", clip(value), show(ty)));
    match ty {
        Ty::Opaque => {}
        Ty::Never => fail(out),
        Ty::String | Ty::Template => {
            if !value.is_string() {
                fail(out);
            }
        }
        Ty::Number => {
            if !value.is_number() {
                fail(out);
            }
        }
        Ty::Boolean => {
            if !value.is_boolean() {
                fail(out);
            }
        }
        Ty::Null => {
            if !value.is_null() {
                fail(out);
            }
        }
        Ty::Literal(s) => {
            if value.as_str() != Some(s) {
                fail(out);
            }
        }
        Ty::Array(t) => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check(item, t, &format!("{path}[{i}]"), out, reached);
                }
            }
            None => fail(out),
        },
        Ty::Tuple(ts) => match value.as_array() {
            Some(items) if items.len() == ts.len() => {
                for (i, (item, t)) in items.iter().zip(ts).enumerate() {
                    check(item, t, &format!("{path}[{i}]"), out, reached);
                }
            }
            _ => fail(out),
        },
        Ty::Record(k, v) => match value.as_object() {
            Some(map) => {
                for (key, item) in map {
                    check(
                        &Value::String(key.clone()),
                        k,
                        &format!("{path} key"),
                        out,
                        reached,
                    );
                    check(item, v, &format!("{path}.{key}"), out, reached);
                }
            }
            None => fail(out),
        },
        Ty::Named(name, t) if shapes(t).is_none() => {
            let before = out.len();
            check(value, t, path, out, reached);
            if out.len() == before && !value.is_null() {
                reached.insert(name.clone());
            }
        }
        Ty::Union(ts) if shapes(ty).is_none() || !value.is_object() => {
            let mut failures = Vec::new();
            for t in ts {
                let (mut sub, mut sub_reached) = (Vec::new(), BTreeSet::new());
                check(value, t, path, &mut sub, &mut sub_reached);
                if sub.is_empty() {
                    reached.extend(sub_reached);
                    return;
                }
                // An object against the union's one object type (`HoldoutTable | null`): that type's reasons.
                if value.is_object() && shapes(t).is_some() {
                    failures.push(sub);
                }
            }
            match <[Vec<String>; 1]>::try_from(failures) {
                Ok([reasons]) => out.extend(reasons),
                Err(_) => fail(out),
            }
        }
        _ => {
            let Some(alternatives) = shapes(ty) else {
                return fail(out);
            };
            let Some(object) = value.as_object() else {
                return fail(out);
            };
            let mut first_failure = None;
            for (members, names) in alternatives {
                let (mut sub, mut sub_reached) = (Vec::new(), BTreeSet::new());
                for key in object.keys() {
                    if !members.iter().any(|m| &m.name == key) {
                        sub.push(format!("{path}.{key}: not declared in {}", show(ty)));
                    }
                }
                for m in &members {
                    match object.get(&m.name) {
                        Some(v) => check(
                            v,
                            &m.ty,
                            &format!("{path}.{}", m.name),
                            &mut sub,
                            &mut sub_reached,
                        ),
                        None if m.optional => {}
                        None => sub.push(format!(
                            "{path}.{}: missing (declared in {})",
                            m.name,
                            show(ty)
                        )),
                    }
                }
                if sub.is_empty() {
                    reached.extend(sub_reached);
                    reached.extend(names);
                    return;
                }
                first_failure.get_or_insert(sub);
            }
            out.extend(first_failure.unwrap_or_default());
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// The samples: every analysis on data that fills every part of its result.

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("serialisable")
}

fn cdnow() -> Ingested {
    let bytes = include_bytes!("../../../tests/data/cdnow/cdnow_sample_orders.csv");
    let options = IngestOptions {
        preset: PresetChoice::Named(PresetId::Generic),
        ..IngestOptions::default()
    };
    ingest_files(options, [("cdnow.csv", &bytes[..])]).expect("CDNOW reads")
}

/// A generated generic export (products, subscriptions, rejected rows) and a second file that repeats one
/// of its orders with another date, refunds, placeholders and a row that cannot be read.
fn generated() -> Ingested {
    let mut bytes = Vec::new();
    generate(
        &GenOptions {
            format: Format::Generic,
            orders: 3000,
            seed: 7,
        },
        &mut bytes,
    )
    .expect("generated");
    let first_row = String::from_utf8_lossy(&bytes)
        .lines()
        .nth(1)
        .expect("a data row")
        .to_string();
    let reused_id = first_row
        .split(',')
        .next()
        .expect("an order id")
        .to_string();
    let more = format!(
        "order_id,order_date,customer_id,email,phone,order_total,status,product_id,product_name,quantity,line_price,subscription,currency\n\
         {reused_id},2021-02-03,C999999,new@example.com,,1000,completed,TEA-001,x,1,1000,0,JPY\n\
         900001,2025-01-05,N/A,MAILTO:Someone@Example.com,,2000,completed,TEA-001,x,1,2000,0,JPY\n\
         900002,2025-01-06,,someone@example.com,,-500,completed,TEA-001,x,1,-500,0,JPY\n\
         900003,not a date,C000001,,,100,completed,TEA-001,x,1,100,0,JPY\n"
    );
    let options = IngestOptions::default();
    ingest_files(
        options,
        [("generated.csv", &bytes[..]), ("more.csv", more.as_bytes())],
    )
    .expect("generated data reads")
}

#[test]
fn every_declaration_matches_the_rust_types() {
    let declarations = Declarations::parse();
    let mut reached = BTreeSet::new();
    let mut mismatches = Vec::new();
    let mut expect = |name: &str, value: Value| {
        check(
            &value,
            &declarations.named(name),
            name,
            &mut mismatches,
            &mut reached,
        );
    };

    let cdnow = cdnow();
    let generated = generated();
    for data in [&cdnow, &generated] {
        let ds = &data.dataset;
        expect("SummaryReport", json(&SummaryReport::new(data, None)));
        expect("Rfm", json(&rfm(ds, None, &RfmParams::default())));
        expect("Cpm", json(&cpm(ds, None, &CpmParams::default())));
        for granularity in [Granularity::Month, Granularity::Week] {
            expect("Cohorts", json(&cohorts(ds, None, granularity)));
        }
        expect("Repeat", json(&repeat(ds, None, &RepeatParams::default())));
        expect(
            "History",
            json(&history(ds, None, &HistoryParams::default())),
        );
        expect(
            "Dashboard",
            json(&dashboard(ds, None, &DashboardParams::default())),
        );
        expect("Basket", json(&basket(ds, None, &BasketParams::default())));
        for by in [AcquisitionBy::Channel, AcquisitionBy::Coupon] {
            let params = AcquisitionParams {
                by,
                ..AcquisitionParams::default()
            };
            expect("Acquisition", json(&acquisition(ds, None, &params, None)));
        }
        for by in [MigrationBy::Rfm, MigrationBy::Cpm] {
            let to = default_as_of(ds).expect("orders");
            let params = MigrationParams {
                by,
                ..MigrationParams::default()
            };
            let moved = migration(ds, Day(to.0 - 365), to, &params).expect("dates in order");
            expect("Migration", json(&moved));
        }
        for file in &data.quality.files {
            expect("FileReport", json(file));
        }
    }
    // The papers' fit, with a holdout period; and fits on too few customers to converge.
    let calibrated = LtvParams {
        summary: SummaryParams {
            calibration_end: Some("1997-09-30".parse::<Day>().unwrap()),
            unit: TimeUnit::Week,
            ..SummaryParams::default()
        },
        ..LtvParams::default()
    };
    let ltv = predictive_ltv(&cdnow.dataset, None, &calibrated);
    assert!(ltv.transactions.converged() && ltv.holdout.is_some());
    expect("PredictiveLtv", json(&ltv));
    // The report the JS API's `predictiveLtv` returns: the analysis with CLV by segment and by cohort.
    let cdnow_rfm = rfm(&cdnow.dataset, None, &RfmParams::default());
    let report = LtvReport::new(&cdnow.dataset, ltv.clone(), &cdnow_rfm);
    assert!(!report.clv_by_segment.is_empty() && !report.clv_by_cohort.is_empty());
    expect("LtvReport", json(&report));
    // The Pareto/NBD model's fit, whose parameters (ParetoNbdParams) have names of their own.
    let pareto = predictive_ltv(
        &cdnow.dataset,
        None,
        &LtvParams {
            model: TransactionModelKind::ParetoNbd,
            ..calibrated.clone()
        },
    );
    assert!(pareto.transactions.converged());
    expect("PredictiveLtv", json(&pareto));
    let few = ingest_files(
        IngestOptions::default(),
        [("few.csv", &b"order_id,order_date,customer_id,order_total\n1,2024-01-05,a,100\n2,2024-02-05,b,200\n"[..])],
    )
    .expect("a small file reads");
    let unfitted = predictive_ltv(&few.dataset, None, &LtvParams::default());
    assert!(!unfitted.transactions.converged());
    expect("PredictiveLtv", json(&unfitted));
    // Parameters in: every key optional, the same types as the results state them.
    expect("LtvParamsInput", json(&LtvParams::default()));
    expect("MigrationParamsInput", json(&MigrationParams::default()));
    // A segment's warning: a product no order holds.
    let ds = &generated.dataset;
    let table = CustomerTable::new(ds, None, &TableParams::default(), None);
    let query: Query = "products = \"no such product\""
        .parse()
        .expect("a condition");
    let selection = select(&query, &table, ds).expect("selects");
    assert!(!selection.warnings.is_empty(), "a warning to check");
    for warning in &selection.warnings {
        expect("SegmentWarning", json(warning));
    }
    // A Shift_JIS export with a character it cannot hold: refused, then replaced.
    let shop = "order_id,order_date,customer_id,order_total\n1,2024-01-05,A😀,1000\n";
    let ds = &kokyaku_core::ingest::ingest_files(Default::default(), [("s.csv", shop.as_bytes())])
        .expect("reads")
        .dataset;
    let table = CustomerTable::new(ds, None, &TableParams::default(), None);
    let everyone = select(&Query::default(), &table, ds).expect("selects");
    let layout = Layout::Fields(vec![Field::Customer]);
    let mut options = ExportOptions::from(Encoding::ShiftJis);
    let refused = export(&layout, &options, &everyone, &table, ds).expect_err("refused");
    let (kind, values) = refused.kind_and_values();
    expect(
        "ExportErrorData",
        serde_json::json!({ "kind": kind, "values": values }),
    );
    options.unmappable = Unmappable::Geta;
    let written = export(&layout, &options, &everyone, &table, ds).expect("replaced");
    expect(
        "Replacements",
        json(&written.replaced.expect("a replacement")),
    );

    assert!(
        mismatches.is_empty(),
        "declarations and Rust types differ in {} places (the first 40):\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let elsewhere: BTreeSet<String> = ELSEWHERE.iter().map(|(n, _)| n.to_string()).collect();
    let unchecked: Vec<String> = declarations
        .interfaces()
        .difference(&reached)
        .filter(|n| !elsewhere.contains(*n))
        .cloned()
        .collect();
    assert!(
        unchecked.is_empty(),
        "declared interfaces that no sample reached with a value: {unchecked:?}"
    );
    let stale: Vec<&String> = elsewhere
        .iter()
        .filter(|n| !declarations.interfaces().contains(*n))
        .collect();
    assert!(
        stale.is_empty(),
        "ELSEWHERE names interfaces no longer declared: {stale:?}"
    );
}

/// `IngestOptions` is read by the JS API's own struct, with the names the core's options have.
#[test]
fn ingest_options_are_declared_by_the_cores_names() {
    let declarations = Declarations::parse();
    let Some(shapes) = shapes(&declarations.named("IngestOptions")) else {
        panic!("IngestOptions is an object type");
    };
    let declared: BTreeSet<String> = shapes[0].0.iter().map(|m| m.name.clone()).collect();
    let core: BTreeSet<String> = json(&IngestOptions::default())
        .as_object()
        .expect("an object")
        .keys()
        // The JS API reads on its one thread: `threads` is the native reader's option only.
        .filter(|k| *k != "threads")
        .cloned()
        .collect();
    assert_eq!(declared, core);
    assert!(
        shapes[0].0.iter().all(|m| m.optional),
        "every reading option is optional"
    );
}

/// The checker itself: what it must refuse.
#[test]
fn the_checker_finds_drift() {
    let declarations = Declarations::parse();
    let check_of = |name: &str, value: Value| {
        let mut out = Vec::new();
        check(
            &value,
            &declarations.named(name),
            name,
            &mut out,
            &mut BTreeSet::new(),
        );
        out
    };
    let message = serde_json::json!({ "en": "a", "ja": "あ" });
    assert!(check_of("Message", message.clone()).is_empty());
    let mut extra = message.clone();
    extra["fr"] = "à".into();
    assert_eq!(
        check_of("Message", extra),
        ["Message.fr: not declared in Message"]
    );
    assert_eq!(
        check_of("Message", serde_json::json!({ "en": "a" })),
        ["Message.ja: missing (declared in Message)"]
    );
    assert_eq!(
        check_of("Message", serde_json::json!({ "en": "a", "ja": 1 })),
        ["Message.ja: 1 is not string"]
    );
    assert!(!check_of("StatusClass", "refunded".into()).is_empty());
    assert!(check_of("StatusClass", "purchase".into()).is_empty());
    assert!(!check_of("Scoring", serde_json::json!({ "fixed": [1, 2, 3] })).is_empty());
    assert!(check_of("Scoring", serde_json::json!({ "fixed": [1, 2, 3, 5] })).is_empty());
}
