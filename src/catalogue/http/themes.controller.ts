import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/door/door.decorators';
import type { DesignTargetKey } from '../design-target';
import { FAMOUS_THEME_LIST, type FamousTheme } from '../famous-themes';

export interface ThemeView {
  id: DesignTargetKey;
  name: string;
  colors: Readonly<Record<string, string>>;
  font: string;
  layout: string;
  components: readonly string[];
  border_radius: string;
  sample_page: string;
}

export interface ThemesResponse {
  count: number;
  themes: ThemeView[];
  speech: string;
}

function present(theme: FamousTheme): ThemeView {
  return {
    id: theme.id,
    name: theme.name,
    colors: theme.colors,
    font: theme.font,
    layout: theme.layout,
    components: theme.components,
    border_radius: theme.borderRadius,
    sample_page: theme.samplePage,
  };
}

@ApiTags('themes')
@Controller('gantry')
export class ThemesController {
  @Get('themes')
  @Public()
  @ApiOperation({ summary: 'The famous-app themes a generated app can be styled after' })
  @ApiOkResponse({ description: '{count, themes: [{id, name, colors, font, layout, components, border_radius, sample_page}], speech}' })
  themes(): ThemesResponse {
    const themes = FAMOUS_THEME_LIST.map(present);
    return { count: themes.length, themes, speech: `${themes.length} famous app themes available.` };
  }
}
