import { LlmConsultant, loadConsultantPrompt } from '../../src/consultation/llm/llm-consultant';
import { replyTo } from '../../src/consultation/offline/offline-consultant';
import { OFFLINE_STACK } from '../../src/catalogue/offline-stack';
import { OpenAiLlmClient } from '../../src/llm/openai/openai-llm.client';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/fake-openai.server';
import { QUICK_RETRIES } from './llm-test-env';

const answer = (fields: Record<string, unknown>) => ({
  content: `\`\`\`json\n${JSON.stringify({ status: 'NEEDS_CONFIRMATION', speech: 'A tip calculator. Shall I build it?', question: 'Shall I build it?', features: ['split the bill', 'round up'], stack: OFFLINE_STACK, designTarget: null, confidencePercent: 80, ...fields })}\n\`\`\``,
  usage: { promptTokens: 700, completionTokens: 60 },
});

describe('LlmConsultant with an OpenAI-compatible server (openai package, wire-level fake)', () => {
  let server: FakeOpenAi;
  let consultant: LlmConsultant;

  beforeAll(async () => {
    server = await startFakeOpenAi();
    const client = new OpenAiLlmClient({ openaiBaseUrl: server.url, openaiModel: 'llama3.1', llmTimeoutMs: 5_000 }, QUICK_RETRIES, {});
    consultant = new LlmConsultant(client, loadConsultantPrompt());
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.requests.length = 0;
  });

  it('proposes the plan the model answered, with the provider, model and usage', async () => {
    server.enqueue(answer({ designTarget: 'spotify', stack: 'next.js' }));

    const reply = await consultant.reply({ conversation: [{ role: 'user', content: 'a tip calculator that looks like Spotify' }], currentPlan: null });

    expect(reply).toEqual({
      status: 'NEEDS_CONFIRMATION',
      speech: 'A tip calculator. Shall I build it?',
      question: 'Shall I build it?',
      plan: { features: ['split the bill', 'round up'], stack: OFFLINE_STACK, designTarget: 'SPOTIFY' },
      confidencePercent: 80,
      provider: 'openai',
      model: 'llama3.1',
      usage: { inputTokens: 700, outputTokens: 60 },
    });
    const system = server.requests[0].body.messages[0].content;
    expect(system).toContain(`"stack": "${OFFLINE_STACK}"`);
    expect(system).toContain('"LINKEDIN", "TWITTER"');
    expect(system).toContain('No plan has been proposed yet.');
  });

  it('sends the current plan and the conversation as alternating turns starting with the user', async () => {
    server.enqueue(answer({ features: ['split the bill', 'round up', 'dark mode'] }));
    const currentPlan = { features: ['split the bill', 'round up'], stack: OFFLINE_STACK, designTarget: null };

    await consultant.reply({
      conversation: [
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'a tip calculator' },
        { role: 'assistant', content: 'Shall I build it?' },
        { role: 'user', content: 'add dark mode' },
        { role: 'user', content: 'and make it fast' },
      ],
      currentPlan,
    });

    const [system, ...turns] = server.requests[0].body.messages;
    expect(system.content).toContain(JSON.stringify(currentPlan));
    expect(turns).toEqual([
      { role: 'user', content: 'a tip calculator' },
      { role: 'assistant', content: 'Shall I build it?' },
      { role: 'user', content: 'add dark mode\n\nand make it fast' },
    ]);
  });

  it('turns a model that claims READY_TO_BUILD into a proposal, and drops an unknown design target', async () => {
    server.enqueue(answer({ status: 'READY_TO_BUILD', designTarget: 'MYSPACE' }));

    const reply = await consultant.reply({ conversation: [{ role: 'user', content: 'a tip calculator' }], currentPlan: null });

    expect(reply.status).toBe('NEEDS_CONFIRMATION');
    expect(reply.plan?.designTarget).toBeNull();
  });

  it.each([
    ['prose without JSON', 'Sure, I can build a tip calculator for you!', 'the answer contains no JSON object'],
    ['a confidence of 0.8', answer({ confidencePercent: 0.8 }).content, 'confidencePercent must be a whole number from 0 to 100'],
    ['an unknown status', answer({ status: 'DONE' }).content, 'status "DONE" is not NEEDS_INPUT or NEEDS_CONFIRMATION'],
  ])('falls back to the offline rules on %s, and says so in the model field', async (_, content, reason) => {
    server.enqueue({ content, usage: { promptTokens: 700, completionTokens: 20 } });
    const input = { conversation: [{ role: 'user' as const, content: 'a tip calculator' }], currentPlan: null };

    const reply = await consultant.reply(input);

    const offline = replyTo(input);
    expect(reply).toEqual({
      ...offline,
      provider: 'openai',
      model: `llama3.1 (answer unreadable: ${reason}; the offline rules replied)`,
      usage: { inputTokens: 700, outputTokens: 20 },
    });
  });
});
