export default function Charts(_props: Record<string, unknown>) {
  return null;
}
