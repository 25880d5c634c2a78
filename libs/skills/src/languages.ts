/**
 * Programming languages from GitHub Linguist's data (npm `linguist-languages`, pinned): names and
 * aliases come from there; this file only picks the languages job postings actually ask for and
 * drops Linguist aliases that are file-tool names rather than ways people write the language
 * ("cake" for C#, "rake" for Ruby, "node" for JavaScript — Node.js is its own skill here).
 * Each language is imported on its own so loading stays small (the package holds ~800).
 */
import type { Language } from 'linguist-languages';
import abap from 'linguist-languages/data/ABAP';
import ada from 'linguist-languages/data/Ada';
import apex from 'linguist-languages/data/Apex';
import assembly from 'linguist-languages/data/Assembly';
import c from 'linguist-languages/data/C';
import clojure from 'linguist-languages/data/Clojure';
import cobol from 'linguist-languages/data/COBOL';
import coffeescript from 'linguist-languages/data/CoffeeScript';
import commonLisp from 'linguist-languages/data/Common_20_Lisp';
import cpp from 'linguist-languages/data/C_2b__2b_';
import crystal from 'linguist-languages/data/Crystal';
import csharp from 'linguist-languages/data/C_23_';
import cuda from 'linguist-languages/data/Cuda';
import dart from 'linguist-languages/data/Dart';
import elixir from 'linguist-languages/data/Elixir';
import elm from 'linguist-languages/data/Elm';
import erlang from 'linguist-languages/data/Erlang';
import fortran from 'linguist-languages/data/Fortran';
import fsharp from 'linguist-languages/data/F_23_';
import gleam from 'linguist-languages/data/Gleam';
import go from 'linguist-languages/data/Go';
import groovy from 'linguist-languages/data/Groovy';
import haskell from 'linguist-languages/data/Haskell';
import hcl from 'linguist-languages/data/HCL';
import java from 'linguist-languages/data/Java';
import javascript from 'linguist-languages/data/JavaScript';
import julia from 'linguist-languages/data/Julia';
import kotlin from 'linguist-languages/data/Kotlin';
import lua from 'linguist-languages/data/Lua';
import matlab from 'linguist-languages/data/MATLAB';
import nim from 'linguist-languages/data/Nim';
import objectiveC from 'linguist-languages/data/Objective-C';
import ocaml from 'linguist-languages/data/OCaml';
import pascal from 'linguist-languages/data/Pascal';
import perl from 'linguist-languages/data/Perl';
import php from 'linguist-languages/data/PHP';
import plsql from 'linguist-languages/data/PLSQL';
import powershell from 'linguist-languages/data/PowerShell';
import prolog from 'linguist-languages/data/Prolog';
import python from 'linguist-languages/data/Python';
import r from 'linguist-languages/data/R';
import racket from 'linguist-languages/data/Racket';
import ruby from 'linguist-languages/data/Ruby';
import rust from 'linguist-languages/data/Rust';
import sas from 'linguist-languages/data/SAS';
import scala from 'linguist-languages/data/Scala';
import scheme from 'linguist-languages/data/Scheme';
import shell from 'linguist-languages/data/Shell';
import solidity from 'linguist-languages/data/Solidity';
import stata from 'linguist-languages/data/Stata';
import swift from 'linguist-languages/data/Swift';
import systemVerilog from 'linguist-languages/data/SystemVerilog';
import tsql from 'linguist-languages/data/TSQL';
import typescript from 'linguist-languages/data/TypeScript';
import vba from 'linguist-languages/data/VBA';
import vbnet from 'linguist-languages/data/Visual_20_Basic_20_.NET';
import verilog from 'linguist-languages/data/Verilog';
import vhdl from 'linguist-languages/data/VHDL';
import webassembly from 'linguist-languages/data/WebAssembly';
import zig from 'linguist-languages/data/Zig';
import type { SkillSource } from './catalog.js';
import type { Discipline } from './types.js';

interface LanguagePick {
  language: Language;
  id: string;
  /** Extra surface forms; a leading "=", "~" or "?" sets the match mode (see catalog.ts). */
  aliases?: string[];
  /** Linguist aliases that are not how people write the language. */
  drop?: string[];
  discipline?: Discipline;
  family?: string;
  implies?: string[];
  related?: string[];
  notAfter?: string[];
  notBefore?: string[];
}

// Words before a lone "C" or "R" that make it a grade, a funding round or a vitamin instead.
const LETTER_NOT_AFTER = [
  'series',
  'grade',
  'vitamin',
  'part',
  'section',
  'appendix',
  'type',
  'class',
  'level',
  'plan',
  'tier',
  'round',
  'team',
  'building',
  'block',
  'hepatitis',
  'category',
  'phase',
  'schedule',
  'option',
  'model',
  'group',
  'unit',
  'ward',
  'room',
  'suite',
  'form',
  'exhibit',
  'annex',
  'row',
  'gate',
  'wing',
  'floor',
  'dr',
  'mr',
  'mrs',
  'ms',
  'protein',
  'sub',
  'chapter',
  's',
  'b',
  'a',
  'd',
  'e',
  'f',
];
const LETTER_NOT_BEFORE = [
  'suite',
  'level',
  'corp',
  'corporation',
  'inc',
  'section',
  'class',
  'grade',
  'average',
];

const PICKS: LanguagePick[] = [
  { language: abap, id: 'abap', discipline: 'software-engineering', related: ['sap'] },
  { language: ada, id: 'ada', aliases: ['~Ada'], drop: ['ada95', 'ada2005'] },
  { language: apex, id: 'apex', aliases: ['~Apex'], related: ['salesforce'] },
  {
    language: assembly,
    id: 'assembly',
    aliases: ['assembly language', 'x86 assembly', 'ARM assembly', '=ASM'],
    drop: ['asm', 'nasm', 'assembly'],
  },
  {
    language: c,
    id: 'c',
    aliases: ['=C', 'C language', 'C programming', 'ANSI C', 'C99', 'Embedded C'],
    drop: ['c'],
    notAfter: LETTER_NOT_AFTER,
    notBefore: LETTER_NOT_BEFORE,
  },
  { language: clojure, id: 'clojure', aliases: ['ClojureScript'], related: ['java'] },
  { language: cobol, id: 'cobol' },
  { language: coffeescript, id: 'coffeescript', drop: ['coffee'], implies: ['javascript'] },
  { language: commonLisp, id: 'lisp', aliases: ['Lisp'], drop: ['lisp'] },
  { language: cpp, id: 'cpp', aliases: ['C++11', 'C++14', 'C++17', 'C++20', 'C++23', 'CPP', 'Modern C++'] },
  { language: crystal, id: 'crystal', aliases: ['?Crystal', 'Crystal language'], drop: ['crystal'] },
  {
    language: csharp,
    id: 'csharp',
    aliases: ['C Sharp', 'C#.NET'],
    drop: ['cake', 'cakescript'],
    related: ['dotnet'],
  },
  {
    language: cuda,
    id: 'cuda',
    aliases: ['=CUDA', 'CUDA C'],
    drop: ['cuda'],
    discipline: 'data',
    implies: ['cpp'],
  },
  { language: dart, id: 'dart', aliases: ['~Dart'], drop: ['dart'] },
  { language: elixir, id: 'elixir', aliases: ['~Elixir'], drop: ['elixir'], related: ['erlang'] },
  { language: elm, id: 'elm', aliases: ['~Elm'], drop: ['elm'] },
  { language: erlang, id: 'erlang', aliases: ['Erlang/OTP'], related: ['elixir'] },
  { language: fortran, id: 'fortran' },
  { language: fsharp, id: 'fsharp', aliases: ['F Sharp'], related: ['dotnet'] },
  { language: gleam, id: 'gleam', aliases: ['?Gleam'], drop: ['gleam'] },
  {
    language: go,
    id: 'go',
    // "Go" is an English verb: capitalized and not opening a sentence, or in a list.
    aliases: ['~Go', 'Go lang', 'Go language', 'Go programming'],
    drop: ['go'],
  },
  { language: groovy, id: 'groovy', aliases: ['~Groovy'], drop: ['groovy'], implies: [], related: ['java'] },
  { language: haskell, id: 'haskell' },
  {
    language: hcl,
    id: 'hcl',
    aliases: ['=HCL', 'HashiCorp Configuration Language'],
    drop: ['hcl', 'opentofu', 'terraform'],
    discipline: 'devops',
    related: ['terraform'],
  },
  {
    language: java,
    id: 'java',
    aliases: [
      'Java SE',
      'Java EE',
      'J2EE',
      'Jakarta EE',
      'Java 8',
      'Java 11',
      'Java 17',
      'Java 21',
      'Core Java',
    ],
    related: ['kotlin'],
  },
  {
    language: javascript,
    id: 'javascript',
    aliases: ['JS', 'ECMAScript', 'ES6', 'ES2015', 'ES2017', 'ES2020', 'Vanilla JS', 'Vanilla JavaScript'],
    drop: ['js', 'node'],
    family: 'javascript-languages',
  },
  {
    language: julia,
    id: 'julia',
    aliases: ['?Julia', 'Julia language', 'JuliaLang'],
    drop: ['julia'],
    discipline: 'data',
  },
  { language: kotlin, id: 'kotlin', related: ['java'] },
  { language: lua, id: 'lua' },
  { language: matlab, id: 'matlab', aliases: ['Simulink'], drop: ['octave'], discipline: 'data' },
  { language: nim, id: 'nim', aliases: ['?Nim', 'Nim language'], drop: ['nim'] },
  {
    language: objectiveC,
    id: 'objective-c',
    aliases: ['Objective C', 'ObjC'],
    drop: ['objectivec'],
    related: ['swift', 'ios'],
  },
  { language: ocaml, id: 'ocaml' },
  {
    language: pascal,
    id: 'delphi',
    aliases: ['Delphi', 'Object Pascal', 'Pascal'],
    drop: ['delphi', 'objectpascal'],
  },
  { language: perl, id: 'perl', drop: ['cperl'] },
  { language: php, id: 'php', aliases: ['PHP7', 'PHP8', 'PHP 7', 'PHP 8'], drop: ['inc'] },
  {
    language: plsql,
    id: 'plsql',
    aliases: ['PL/SQL'],
    discipline: 'data',
    implies: ['sql'],
    related: ['oracle-database'],
  },
  { language: powershell, id: 'powershell', drop: ['posh'], discipline: 'devops', family: 'shell-scripting' },
  { language: prolog, id: 'prolog' },
  {
    language: python,
    id: 'python',
    aliases: ['Python 2', 'Python 3', 'Python3', 'Python2', 'CPython'],
    drop: ['py', 'py3', 'rusthon'],
  },
  {
    language: r,
    id: 'r',
    aliases: [
      '=R',
      'R language',
      'R programming',
      'Rlang',
      'R Studio',
      'RStudio',
      'Tidyverse',
      'ggplot2',
      'R Shiny',
    ],
    drop: ['rscript', 'splus'],
    discipline: 'data',
    notAfter: LETTER_NOT_AFTER,
    notBefore: [...LETTER_NOT_BEFORE, 'rated', 'value'],
  },
  { language: racket, id: 'racket', aliases: ['?Racket'], drop: ['racket'] },
  { language: ruby, id: 'ruby', aliases: ['~Ruby'], drop: ['jruby', 'macruby', 'rake', 'rb', 'rbx', 'ruby'] },
  { language: rust, id: 'rust', aliases: ['~Rust', 'Rust lang', 'Rustlang'], drop: ['rs', 'rust'] },
  {
    language: sas,
    id: 'sas',
    aliases: ['=SAS', 'SAS programming', 'SAS Enterprise Guide'],
    drop: ['sas'],
    discipline: 'data',
  },
  { language: scala, id: 'scala', related: ['java', 'spark'] },
  { language: scheme, id: 'scheme', aliases: ['?Scheme'], drop: ['scheme'] },
  {
    language: shell,
    id: 'shell',
    aliases: ['Shell scripting', 'Bash', 'Bash scripting', 'Zsh', 'Unix shell', 'shell scripts'],
    drop: ['sh', 'envrc', 'shell', 'bash', 'zsh'],
    discipline: 'devops',
    family: 'shell-scripting',
  },
  { language: solidity, id: 'solidity', related: ['blockchain'] },
  { language: stata, id: 'stata', discipline: 'data' },
  {
    language: swift,
    id: 'swift',
    aliases: ['~Swift', 'Swift 5', 'Swift language'],
    drop: ['swift'],
    related: ['ios'],
  },
  { language: systemVerilog, id: 'systemverilog', discipline: 'hardware', family: 'hdl' },
  {
    language: tsql,
    id: 'tsql',
    aliases: ['T-SQL', 'Transact-SQL'],
    discipline: 'data',
    implies: ['sql'],
    related: ['sql-server'],
  },
  {
    language: typescript,
    id: 'typescript',
    aliases: ['TS'],
    drop: ['ts'],
    implies: ['javascript'],
    family: 'javascript-languages',
  },
  {
    language: vba,
    id: 'vba',
    aliases: ['=VBA', 'Excel VBA', 'Excel macros'],
    drop: ['vba'],
    related: ['excel'],
  },
  { language: vbnet, id: 'vbnet', aliases: ['VB'], drop: ['visual basic'], related: ['dotnet'] },
  { language: verilog, id: 'verilog', discipline: 'hardware', family: 'hdl' },
  { language: vhdl, id: 'vhdl', discipline: 'hardware', family: 'hdl' },
  { language: webassembly, id: 'webassembly', aliases: ['WASM'], drop: ['wast', 'wasm'] },
  { language: zig, id: 'zig', aliases: ['?Zig'], drop: ['zig'] },
];

export function languageSources(): SkillSource[] {
  return PICKS.map((pick) => {
    if (pick.language.type !== 'programming') {
      throw new Error(`linguist language ${pick.language.name} is not a programming language`);
    }
    const dropped = new Set((pick.drop ?? []).map((alias) => alias.toLowerCase()));
    const linguistAliases = (pick.language.aliases ?? []).filter(
      (alias) => !dropped.has(alias.toLowerCase()),
    );
    const nameDropped = dropped.has(pick.language.name.toLowerCase());
    return {
      id: pick.id,
      name: pick.language.name,
      category: 'language',
      discipline: pick.discipline ?? 'software-engineering',
      family: pick.family,
      aliases: [...(nameDropped ? [] : [pick.language.name]), ...linguistAliases, ...(pick.aliases ?? [])],
      implies: pick.implies ?? [],
      related: pick.related ?? [],
      notAfter: pick.notAfter,
      notBefore: pick.notBefore,
    };
  });
}
