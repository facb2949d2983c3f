export type CodeErrorCode = 'length' | 'format' | 'checksum' | 'org_checksum' | 'date';
export interface CodeError {
  code: CodeErrorCode;
  message: string;
}

/** Strips spaces and hyphens (also their full-width forms) and upper-cases. */
export function compactCode(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\-‐‑–—]/g, '')
    .toUpperCase();
}
