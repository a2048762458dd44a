/** A user's picture, or their initials on a coloured disc when they have none. */
export function Avatar({ name, url, size = 28 }: { name: string; url?: string | null; size?: number }) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?';
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  return url ? (
    <img className="avatar" src={url} alt="" width={size} height={size} style={style} />
  ) : (
    <span className="avatar avatar-initials" aria-hidden="true" style={style}>
      {initials}
    </span>
  );
}
