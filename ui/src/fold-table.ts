// The fold table the app ships, bundled by Vite from the file the Rust side builds its own from
// (crates/core/data/han-fold.tsv), so the reader and search always fold alike.

/// <reference types="vite/client" />
import tsv from "../../crates/core/data/han-fold.tsv?raw";
import { parseFoldTable, type FoldTable } from "./fold";

export const FOLD_TABLE: FoldTable = parseFoldTable(tsv);
