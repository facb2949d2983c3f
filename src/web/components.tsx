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

/** A button that posts (with the CSRF token) to an action: sign out, disable, revoke. */
export function PostButton({ action, csrf, label }: { action: string; csrf: string; label: string }) {
  return (
    <form class="inline" method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrf} />
      <button type="submit" class="link">
        {label}
      </button>
    </form>
  );
}
