import { boundedConversation, type ConversationTurn } from './conversation';

const turn = (role: ConversationTurn['role'], content: string): ConversationTurn => ({ role, content });

describe('boundedConversation', () => {
  it('keeps a short consultation whole', () => {
    const turns = [turn('user', 'a todo app'), turn('assistant', 'Which views?'), turn('user', 'a list')];
    expect(boundedConversation(turns)).toEqual(turns);
  });

  it('keeps the opening message and the newest turns within the budget', () => {
    const turns = [turn('user', 'a kanban board'), ...Array.from({ length: 100 }, (_, index) => turn(index % 2 ? 'user' : 'assistant', `turn ${index}`))];
    const bounded = boundedConversation(turns, { turns: 5, characters: 1_000 });
    expect(bounded.map((each) => each.content)).toEqual(['a kanban board', 'turn 96', 'turn 97', 'turn 98', 'turn 99']);
  });

  it('stops at the character budget, but always keeps the newest turn', () => {
    const turns = [turn('user', 'x'.repeat(10)), turn('assistant', 'y'.repeat(50)), turn('user', 'z'.repeat(50))];
    expect(boundedConversation(turns, { turns: 20, characters: 70 }).map((each) => each.content[0])).toEqual(['x', 'z']);
    expect(boundedConversation(turns, { turns: 20, characters: 5 }).map((each) => each.content[0])).toEqual(['x', 'z']);
  });
});
