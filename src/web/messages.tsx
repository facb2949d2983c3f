import type { ComponentChildren } from 'preact';

/** An error or a confirmation above a form. */
export function Messages({ error, notice }: { error?: string | undefined; notice?: ComponentChildren }) {
  return (
    <>
      {error && (
        <div class="alert" role="alert">
          {error}
        </div>
      )}
      {notice && <div class="notice">{notice}</div>}
    </>
  );
}
