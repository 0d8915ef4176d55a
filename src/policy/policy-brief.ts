import type { Policy } from './policy';

/**
 * The parts of the active policy a model can act on, in words: limits, forbidden places and command shapes.
 * Rendered from the loaded policy.yaml (GANTRY_POLICY_FILE may differ from the shipped one), so the prompt
 * never drifts from what the gate enforces.
 */
export function renderPolicyBrief(policy: Policy): string {
  const { limits } = policy;
  return [
    `- Allowed stacks: ${policy.allowedStacks.join(', ')}.`,
    `- At most ${limits.maxFiles} files, ${limits.maxFileBytes} bytes per file, ${limits.maxTotalBytes} bytes in all; paths of at most ${limits.maxPathBytes} bytes.`,
    `- auditCommand and runCommand: at most ${limits.maxCommandChars} characters, only letters, digits, spaces and ._=@+/- (no ; && | $ quotes or globs), and exactly one of these shapes (<path> is a relative path in the project, <script> one ending in .js, .mjs or .cjs):`,
    ...policy.commandShapes.map((shape) => `  - \`${shape.text}\``),
    '- Never write these paths:',
    ...policy.forbiddenPaths.map((rule) => `  - \`${rule.pattern.source}\`: ${rule.detail}`),
    `- Prose files (${policy.proseExtensions.join(', ')}) are only scanned inside their code fences; code must never load them.`,
  ].join('\n');
}
