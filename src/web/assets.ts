import { fileURLToPath } from 'node:url';

/** public/ at the repository root, the same from src/ (tsx) and dist/ (built). */
export const STATIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
