import { expect } from 'chai';
import { chatbotDashboard } from '../../../../modules/observability/dashboard/chatbot-dashboard-body';
import type { DashboardBody } from '../../../../modules/observability/dashboard/dashboard-body';
import { dashboardSketch, layoutDiagram, widgetTable } from '../../../../modules/observability/dashboard/sketch';
import { sloAlarmSpecs } from '../../../../modules/observability/slo-alarm-specs';
import { testEnvironment } from '../../../support/environment';

/** The blocks of a block-beta diagram line: [label, width] or ['space', width]. */
function blocks(line: string): Array<[string, number]> {
  return [...line.matchAll(/(?:w\d+\["([^"]*)"\]|(space)):(\d+)/g)].map((m) => [m[1] ?? m[2], Number(m[3])]);
}

describe('modules/observability/dashboard/sketch', () => {
  const env = testEnvironment('prod');
  const body = chatbotDashboard(env, sloAlarmSpecs(env));

  it('draws one block per widget, row by row, each as wide as its widget, every row 24 columns', () => {
    const lines = layoutDiagram(body).split('\n');
    expect(lines.slice(0, 3)).to.deep.equal(['```mermaid', 'block-beta', '  columns 24']);
    expect(lines[lines.length - 1]).to.equal('```');
    const rows = lines.slice(3, -1).map(blocks);
    for (const row of rows) expect(row.reduce((sum, [, w]) => sum + w, 0)).to.equal(24);
    const drawn = rows.flat().filter(([label]) => label !== 'space');
    const widgets = [...body.widgets].sort((a, b) => a.y - b.y || a.x - b.x);
    expect(drawn.map(([, w]) => w)).to.deep.equal(widgets.map((w) => w.width));
    expect(drawn[0][0]).to.equal('text: Chatbot SLOs: qa-prod');
    expect(drawn.map(([label]) => label)).to.include('alarm status: Alarms: 5 page, 7 ticket (in ALARM first)');
  });

  it('fills gaps with space and escapes what would end a label', () => {
    const gappy: DashboardBody = {
      widgets: [
        { type: 'text', x: 4, y: 0, width: 8, height: 2, properties: { markdown: '## Say "hi" <now> #1' } },
        { type: 'text', x: 0, y: 2, width: 6, height: 2, properties: { markdown: 'second' } },
      ],
    };
    const lines = layoutDiagram(gappy).split('\n');
    expect(lines[3]).to.equal('  space:4 w0["text: Say #quot;hi#quot; #lt;now#gt; #35;1"]:8 space:12');
    expect(lines[4]).to.equal('  w1["text: second"]:6 space:18');
  });

  it('lists every widget with its place, size, what it shows and its time range', () => {
    const rows = widgetTable(body).split('\n').slice(2);
    expect(rows).to.have.length(body.widgets.length);
    const burndown = rows.find((r) => r.includes('Error budget left'))!;
    expect(burndown).to.include('12 × 6').and.include('own: -P28D, 3600 s').and.include('availability budget left %');
    const sli = rows.find((r) => r.includes('Availability SLI per 5 min'))!;
    expect(sli).to.include('line: objective 99 %').and.include('dashboard (-PT6H), 300 s');
    expect(rows.find((r) => r.includes('Burn rate, last 1h'))).to.include('whole range');
    expect(dashboardSketch(body)).to.equal(`${layoutDiagram(body)}\n\n${widgetTable(body)}`);
  });

  it('changes when the dashboard does', () => {
    const priced = testEnvironment('prod', {
      slo: {
        bedrockPrices: [
          { modelId: 'eu.amazon.nova-micro-v1:0', inputPer1kTokens: 0.000046, outputPer1kTokens: 0.000184 },
          { modelId: 'eu.amazon.nova-lite-v1:0', inputPer1kTokens: 0.00006, outputPer1kTokens: 0.00024 },
        ],
      },
    });
    const before = dashboardSketch(body);
    const after = dashboardSketch(chatbotDashboard(priced, sloAlarmSpecs(priced)));
    expect(before).to.include('text: Estimated Bedrock cost');
    expect(after).to.include('graph: Estimated Bedrock cost per hour');
    expect(after).not.to.equal(before);
  });
});
