package source

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// oaiGoldens are whole papers as they must come out of real records, one
// for each thing SOURCES.md says the OAI files exercise.
var oaiGoldens = []struct {
	file string
	want paper.Paper
}{
	{
		// old-style id, <updated> as UpdatedAt
		file: "arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page103-last-empty-token.xml",
		want: paper.Paper{
			ID:       "math/0611918",
			Title:    "Solving random equations in Garside groups using length functions",
			Abstract: "We give a systematic exposition of memory-length algorithms for solving equations in noncommutative groups. This exposition clarifies some points untouched in earlier expositions. We then focus on the main ingredient in these attacks: Length functions. After a self-contained introduction to Garside groups, we describe length functions induced by the greedy normal form and by the rational normal form in these groups, and compare their worst-case performances. Our main concern is Artin's braid groups, with their two known Garside presentations, due to Artin and due to Birman-Ko-Lee (BKL). We show that in $B_3$ equipped with the BKL presentation, the (efficiently computable) rational normal form of each element is a geodesic, i.e., is a representative of minimal length for that element. (For Artin's presentation of $B_3$, Berger supplied in 1994 a method to obtain geodesic representatives in $B_3$.) For an arbitrary number of strands, finding the geodesic length of an element is NP-hard, by a 1991 result of by Paterson and Razborov. We show that a good estimation of the geodesic length of a braid in Artin's presentation is measuring the length of its rational form in the \\emph{BKL} presentation. This is proved theoretically for the worst case, and experimental evidence is provided for the generic case.",
			Authors: []paper.Author{
				{Name: "Martin Hock"},
				{Name: "Boaz Tsaban"},
			},
			PrimaryCategory: "math.GR",
			License:         "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
			Categories:      []string{"math.GR", "cs.CR", "math.AG"},
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2006, 11, 29, 0, 0, 0, 0, time.UTC)},
			},
			PublishedAt: time.Date(2006, 11, 29, 0, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2010, 10, 30, 0, 0, 0, 0, time.UTC),
		},
	},
	{
		// affiliations, UTF-8 name
		file: "arXiv-format/getrecord-arXiv-1604.05585.xml",
		want: paper.Paper{
			ID:       "1604.05585",
			Title:    "Astrophysical components from Planck maps",
			Abstract: "The Planck Collaboration has recently released maps of the microwave sky in both temperature and polarization. Diffuse astrophysical components (including Galactic emissions, cosmic far infrared (IR) background, y-maps of the thermal Sunyaev-Zeldovich (SZ) effect) and catalogs of many thousands of Galactic and extragalactic radio and far-IR sources, and galaxy clusters detected through the SZ effect are the main astrophysical products of the mission. A concise overview of these results and of astrophysical studies based on Planck data is presented.",
			Authors: []paper.Author{
				{Name: "Günter Burigana", Affiliations: []string{"on behalf of Planck Collaboration"}},
				{Name: "Tiziana Trombetti", Affiliations: []string{"on behalf of Planck Collaboration"}},
				{Name: "Daniela Paoletti", Affiliations: []string{"on behalf of Planck Collaboration"}},
				{Name: "Nazzareno Mandolesi", Affiliations: []string{"on behalf of Planck Collaboration"}},
				{Name: "Paolo Natoli", Affiliations: []string{"on behalf of Planck Collaboration"}},
			},
			PrimaryCategory: "astro-ph.GA",
			Comments:        "4 pages, 2 figures. It will appear on the Proceedings of the 17th Lomonosov Conference on Elementary Particle Physics. Moscow State University, Moscow, 20-26 August, 2015. Invited talk",
			License:         "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
			Categories:      []string{"astro-ph.GA", "astro-ph.CO"},
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2016, 4, 19, 0, 0, 0, 0, time.UTC)},
			},
			PublishedAt: time.Date(2016, 4, 19, 0, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2016, 4, 19, 0, 0, 0, 0, time.UTC),
		},
	},
	{
		// a collaboration as a lone keyname, report-no, journal-ref, &quot;
		file: "arXiv-format/getrecord-arXiv-1603.00997.xml",
		want: paper.Paper{
			ID:       "1603.00997",
			Title:    "Axial U(1) symmetry in the chiral symmetric phase of 2-flavor QCD at finite temperature",
			Abstract: "We discuss the fate of the axial U(1) symmetry in 2-flavor QCD at finite temperature, where the non-singlet chiral symmetry is restored. We first summarize the previous theoretical investigation on the relation between the eigenvalue density of the Dirac operator and the axial U(1) symmetry. We show that the eigenvalue density near the origin behaves as $\\lambda^\\gamma$ with $\\gamma > 2$ in the chirally symmetric phase, where $\\lambda$ is an eigenvalue. This implies that the axial U(1) symmetry is partially restored, so that the low energy symmetry of the theory becomes SU(2)$\\otimes$ SU(2)$\\otimes$ Z$_4$. Secondly, we report recent numerical investigations on this issue by lattice QCD simulations with lattice chiral fermions such as Overlap or improved domain-wall fermions. Our preliminary results indicate that the eigenvalue density seems to have a gap at the origin just above $T_c$, the temperature of the chiral symmetry restoration, which implies the axial U(1) symmetry is effectively restored at high temperature. We also point out an importance of the exact lattice chiral symmetry to obtain correct results on this issue.",
			Authors: []paper.Author{
				{Name: "Sinya for JLQCD Collaboration"},
			},
			PrimaryCategory: "hep-lat",
			Comments:        "10 pages, 5 figures, A talk given at \"The 8th International Workshop on Chiral Dynamics, CD2015\", 29 June - 03 July, 2015, Pisa, Italy",
			JournalRef:      "PoS(CD15) (2015) 045",
			ReportNo:        "YITP-2016-26",
			License:         "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
			Categories:      []string{"hep-lat", "nucl-th"},
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2016, 3, 3, 0, 0, 0, 0, time.UTC)},
			},
			PublishedAt: time.Date(2016, 3, 3, 0, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2016, 3, 3, 0, 0, 0, 0, time.UTC),
		},
	},
	{
		// numeric character references (&#x160;), acm-class, wrapped journal-ref
		file: "arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml",
		want: paper.Paper{
			ID:       "0704.0062",
			Title:    "On-line Viterbi Algorithm and Its Relationship to Random Walks",
			Abstract: "In this paper, we introduce the on-line Viterbi algorithm for decoding hidden Markov models (HMMs) in much smaller than linear space. Our analysis on two-state HMMs suggests that the expected maximum memory used to decode sequence of length $n$ with $m$-state HMM can be as low as $\\Theta(m\\log n)$, without a significant slow-down compared to the classical Viterbi algorithm. Classical Viterbi algorithm requires $O(mn)$ space, which is impractical for analysis of long DNA sequences (such as complete human genome chromosomes) and for continuous data streams. We also experimentally demonstrate the performance of the on-line Viterbi algorithm on a simple HMM for gene finding on both simulated and real DNA sequences.",
			Authors: []paper.Author{
				{Name: "Rastislav Šrámek"},
				{Name: "Broňa Brejová"},
				{Name: "Tomáš Vinař"},
			},
			PrimaryCategory: "cs.DS",
			JournalRef:      "Algorithms in Bioinformatics: 7th International Workshop (WABI), 4645 volume of Lecture Notes in Computer Science, pp. 240-251, Philadelphia, PA, USA, September 2007. Springer",
			ACMClass:        "G.3; E.1; F.1.2; J.3",
			Categories:      []string{"cs.DS"},
			DOIs:            []string{"10.1007/978-3-540-74126-8_23"},
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2007, 3, 31, 0, 0, 0, 0, time.UTC)},
			},
			PublishedAt: time.Date(2007, 3, 31, 0, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2007, 3, 31, 0, 0, 0, 0, time.UTC),
		},
	},
	{
		// arXivRaw: two DOIs in one field, "X, Y, and Z", submitter
		file: "arXivRaw/listrecords-arXivRaw-from-2014-10-01-with-token-trimmed.xml",
		want: paper.Paper{
			ID:       "0704.0471",
			Version:  1,
			Title:    "Density dependence of the symmetry energy and the nuclear equation of state: A Dynamical and Statistical model perspective",
			Abstract: "The density dependence of the symmetry energy in the equation of state of isospin asymmetric nuclear matter is of significant importance for studying the structure of systems as diverse as the neutron-rich nuclei and the neutron stars. A number of reactions using the dynamical and the statistical models of multifragmentation, and the experimental isoscaling observable, is studied to extract information on the density dependence of the symmetry energy. It is observed that the dynamical and the statistical model calculations give consistent results assuming the sequential decay effect in dynamical model to be small. A comparison with several other independent studies is also made to obtain important constraint on the form of the density dependence of the symmetry energy. The comparison rules out an extremely \" stiff \" and \" soft \" form of the density dependence of the symmetry energy with important implications for astrophysical and nuclear physics studies.",
			Authors: []paper.Author{
				{Name: "D.V. Shetty"},
				{Name: "S.J. Yennello"},
				{Name: "G.A. Souliotis"},
			},
			PrimaryCategory: "nucl-ex",
			Comments:        "16 pages, 14 figures",
			JournalRef:      "Phys.Rev.C76:024606,2007; Erratum-ibid.C76:039902,2007",
			Submitter:       "Dinesh Shetty",
			Categories:      []string{"nucl-ex", "nucl-th"},
			DOIs:            []string{"10.1103/PhysRevC.76.024606", "10.1103/PhysRevC.76.039902"},
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2007, 4, 3, 22, 4, 11, 0, time.UTC), Size: "294kb"},
			},
			PublishedAt: time.Date(2007, 4, 3, 22, 4, 11, 0, time.UTC),
			UpdatedAt:   time.Date(2007, 4, 3, 22, 4, 11, 0, time.UTC),
		},
	},
	{
		// arXivRaw re-indented: six versions, the newest withdrawn (0kb, I)
		file: "arXivRaw/listrecords-arXivRaw-from-2016-10-20-387-records-with-token-reindented.xml",
		want: paper.Paper{
			ID:       "0803.4354",
			Version:  6,
			Title:    "A O(n^8) X O(n^7) Linear Programming Model of the Traveling Salesman Problem",
			Abstract: "In this paper, we present a new linear programming (LP) formulation of the Traveling Salesman Problem (TSP). The proposed model has O(n^8) variables and O(n^7) constraints, where n is the number of cities. Our numerical experimentation shows that computational times for the proposed linear program are several orders of magnitude smaller than those for the existing model [3].",
			Authors: []paper.Author{
				{Name: "Moustapha Diaby"},
			},
			PrimaryCategory: "cs.DM",
			Comments:        "Theorem 25 and Corollary 26 are incorrect. The modeling needs 9-dimensional variables instead of the 8-dimensional variables defined in notations 10.2. For fully-detailed exposition of the correct model see the book available at: The correct modeling is fully detailed in the book available at: http://www.worldscientific.com/worldscibooks/10.1142/9725",
			ACMClass:        "G.1.6; G.2.1; G.2.2",
			License:         "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
			Submitter:       "Moustapha Diaby",
			Categories:      []string{"cs.DM"},
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2008, 3, 30, 23, 26, 50, 0, time.UTC), Size: "69kb", SourceType: "S"},
				{Version: 2, Date: time.Date(2010, 9, 11, 21, 8, 18, 0, time.UTC), Size: "0kb", SourceType: "I"},
				{Version: 3, Date: time.Date(2013, 9, 6, 3, 16, 8, 0, time.UTC), Size: "0kb", SourceType: "I"},
				{Version: 4, Date: time.Date(2014, 3, 2, 15, 12, 27, 0, time.UTC), Size: "0kb", SourceType: "I"},
				{Version: 5, Date: time.Date(2014, 3, 18, 19, 34, 6, 0, time.UTC), Size: "0kb", SourceType: "I"},
				{Version: 6, Date: time.Date(2016, 10, 20, 16, 58, 38, 0, time.UTC), Size: "0kb", SourceType: "I"},
			},
			Withdrawn:   true,
			PublishedAt: time.Date(2008, 3, 30, 23, 26, 50, 0, time.UTC),
			UpdatedAt:   time.Date(2016, 10, 20, 16, 58, 38, 0, time.UTC),
		},
	},
	{
		// oai_dc: "Last, First", Comment: description, two dc:dates, long subjects dropped
		file: "oai_dc/listrecords-oai_dc-set-cs-from-2024-01-25-with-token-trimmed.xml",
		want: paper.Paper{
			ID:       "1303.2033",
			Title:    "Extended Fourier analysis of signals",
			Abstract: "This summary of the doctoral thesis is created to emphasize the close connection of the proposed spectral analysis method with the Discrete Fourier Transform (DFT), the most extensively studied and frequently used approach in the history of signal processing. It is shown that in a typical application case, where uniform data readings are transformed to the same number of uniformly spaced frequencies, the results of the classical DFT and proposed approach coincide. The difference in performance appears when the length of the DFT is selected to be greater than the length of the data. The DFT solves the unknown data problem by padding readings with zeros up to the length of the DFT, while the proposed Extended DFT (EDFT) deals with this situation in a different way, it uses the Fourier integral transform as a target and optimizes the transform basis in the extended frequency range without putting such restrictions on the time domain. Consequently, the Inverse DFT (IDFT) applied to the result of EDFT returns not only known readings, but also the extrapolated data, where classical DFT is able to give back just zeros, and higher resolution are achieved at frequencies where the data has been successfully extended. It has been demonstrated that EDFT able to process data with missing readings or gaps inside or even nonuniformly distributed data. Thus, EDFT significantly extends the usability of the DFT-based methods, where previously these approaches have been considered as not applicable. The EDFT founds the solution in an iterative way and requires repeated calculations to get the adaptive basis, and this makes it numerical complexity much higher compared to DFT. This disadvantage was a serious problem in the 1990s, when the method has been proposed. Fortunately, since then the power of computers has increased so much that nowadays EDFT application could be considered as a real alternative.",
			Authors: []paper.Author{
				{Name: "Vilnis Liepins"},
			},
			Comments: "32 pages, 9 figures",
			Versions: []paper.Version{
				{Version: 1, Date: time.Date(2013, 3, 8, 0, 0, 0, 0, time.UTC)},
			},
			PublishedAt: time.Date(2013, 3, 8, 0, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2024, 1, 23, 0, 0, 0, 0, time.UTC),
		},
	},
}

func TestOAIGolden(t *testing.T) {
	for _, g := range oaiGoldens {
		t.Run(g.want.ID, func(t *testing.T) {
			res := oaiParseFile(t, g.file)
			if res.err != nil {
				t.Fatal(res.err)
			}
			for _, r := range res.records {
				if r.Paper.ID == g.want.ID {
					if diff := cmp.Diff(g.want, r.Paper); diff != "" {
						t.Errorf("%s (-want +got):\n%s", r.Pos, diff)
					}
					return
				}
			}
			t.Fatalf("%s not in %s", g.want.ID, g.file)
		})
	}
}
