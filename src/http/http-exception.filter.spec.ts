import { LlmCallFailedError } from '../llm/llm.port';
import { toErrorBody } from './http-exception.filter';

describe('toErrorBody', () => {
  it('answers 503 with a speech line when the model cannot be reached, and 500 without detail for the unknown', () => {
    expect(toErrorBody(new LlmCallFailedError('ThrottlingException: Too many requests (4 calls)', 'bedrock', 4, true))).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'ThrottlingException: Too many requests (4 calls)',
      speech: 'I cannot reach my model right now. Please try again in a moment.',
    });
    expect(toErrorBody(new Error('secret detail'))).toMatchObject({ statusCode: 500, message: 'Gantry hit an unexpected error; it has been logged.' });
  });
});
