import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

type Render = (view: object) => string;

export interface MailTemplates {
  notificationHtml: Render;
  notificationText: Render;
  reportHtml: Render;
  reportText: Render;
  hourlyChartSvg: Render;
}

/**
 * The email templates, compiled once from the .hbs files beside this module: change the wording or the
 * look there. Views arrive fully formatted (times already in the inbox's timezone), so templates only lay
 * out. HTML and SVG escape every value; the plain-text parts do not need to.
 */
export function loadMailTemplates(): MailTemplates {
  const handlebars = Handlebars.create();
  const source = (name: string) => readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');
  handlebars.registerPartial('layout', source('layout.html.hbs'));
  const html = (name: string): Render => handlebars.compile(source(name), { strict: false });
  const text = (name: string): Render => handlebars.compile(source(name), { noEscape: true });
  return {
    notificationHtml: html('notification.html.hbs'),
    notificationText: text('notification.text.hbs'),
    reportHtml: html('daily-report.html.hbs'),
    reportText: text('daily-report.text.hbs'),
    hourlyChartSvg: html('hourly-chart.svg.hbs'),
  };
}
