import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import RootLayout from '../app/layout.js';
import Home from '../app/page.js';

describe('the Next.js widget example', () => {
  afterEach(() => {
    delete process.env.NEXT_PUBLIC_BACON_SITE_KEY;
  });

  it('server-renders the layout around the page without the widget script (added after hydration)', () => {
    process.env.NEXT_PUBLIC_BACON_SITE_KEY = 'sk_test';
    const html = renderToStaticMarkup(createElement(RootLayout, null, createElement(Home)));
    expect(html).to.match(/^<html lang="en"><head><\/head><body><main>/);
    expect(html).to.contain('data-bacon-action="open"');
    expect(html).to.not.contain('<script');
  });

  it('marks the widget component as a client component, so Next runs its effect in the browser', async () => {
    const source = await readFile(new URL('../app/bacon-chat.tsx', import.meta.url), 'utf8');
    expect(source.split('\n')[0]).to.equal("'use client';");
  });
});
