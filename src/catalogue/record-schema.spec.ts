import { inferRecordSchema, schemaFeature, schemaFromFeature } from './record-schema';

describe('record schemas', () => {
  it('takes a known kind of record and the fields the prompt names, first the name, then the named fields', () => {
    const schema = inferRecordSchema('A recipe book where I can add recipes with ingredients, steps and a photo link');
    expect(schema?.title).toBe('Recipe book');
    expect(schema?.fields.map((field) => [field.key, field.kind])).toEqual([
      ['name', 'text'],
      ['ingredients', 'list'],
      ['steps', 'list'],
      ['photo_link', 'url'],
      ['prep_minutes', 'number'],
      ['category', 'text'],
    ]);
  });

  it.each([
    ['my reading log', 'Reading log', ['title', 'author', 'pages', 'finished', 'rating', 'notes']],
    ['a workout log with exercise, sets, reps and weight', 'Workout log', ['exercise', 'sets', 'reps', 'weight', 'date', 'notes']],
    [
      'an inventory for my shop with item, quantity, supplier and expiry date',
      'Inventory',
      ['name', 'item', 'quantity', 'supplier', 'expiry_date', 'location', 'price'],
    ],
    ['a vinyl collection with artist, album, year and condition', 'Vinyl collection', ['artist', 'album', 'year', 'condition']],
  ])('%j keeps %s with %j', (prompt, title, keys) => {
    const schema = inferRecordSchema(prompt);
    expect(schema?.title).toBe(title);
    expect(schema?.fields.map((field) => field.key)).toEqual(keys);
  });

  it('does not read features as fields, nor invent a list from nothing', () => {
    expect(inferRecordSchema('a contacts app with search and export and dark mode')?.fields.map((field) => field.key)).toEqual([
      'name',
      'email',
      'phone',
      'company',
      'notes',
    ]);
    expect(inferRecordSchema('a weather dashboard with charts')).toBeNull();
    expect(inferRecordSchema('a list of things')).toBeNull();
  });

  it('round-trips through the plan line, so a revised plan re-drives the same schema', () => {
    const schema = inferRecordSchema('a CRM with company, email, phone, last call date and rating');
    if (!schema) throw new Error('no schema');
    const line = schemaFeature(schema);
    expect(line).toMatch(/^Each contact in the Contacts has: name, company, email \(email\), phone \(phone\), last call date \(date\), rating \(rating\)/);
    expect(schemaFromFeature(line)).toEqual(schema);
    expect(schemaFromFeature('Add, edit and delete records')).toBeNull();
  });
});
